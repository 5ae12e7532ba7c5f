import Glibc
import HTTP
import Threads
import Synchronization
import Testing
import TestSupport

/// Slow clients cannot starve others: connections that dribble their headers are cut at the
/// header deadline with 408, and a normal client is answered all the while.
@Suite("Hostile clients")
struct HostileClientTests {
    @Test func slowlorisConnectionsAreCutWhileOthersAreServed() async throws {
        var limits = HTTPLimits()
        limits.headerTimeoutMilliseconds = 2000
        limits.maxConnectionsPerAddress = 0
        try await withServer(limits: limits) { port in
            let count = 300
            let slow = try (0..<count).map { _ in try RawClient(port: port) }
            let stop = Atomic<Bool>(false)
            let dribbled = Atomic<Int>(0)
            // One thread dribbles a byte to every slow connection every 200 ms, never finishing.
            let dribbler = try PlatformThread(name: "slowloris") {
                let head = Array("GET / HTTP/1.1\r\nHost: h\r\nX-Slow: ".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
                var offset = 0
                while !stop.load(ordering: .acquiring), offset < head.count {
                    for client in slow { try? client.send([head[offset]]) }
                    offset += 1
                    dribbled.store(offset, ordering: .releasing)
                    usleep(200_000)
                }
            }
            // Meanwhile a normal client is answered, again and again.
            while dribbled.load(ordering: .acquiring) < 3 { usleep(10_000) }
            for _ in 0..<20 {
                let response = try httpRequest(port: port, "GET", "/nothing")
                #expect(response.status == 204)
            }
            // Every slow connection is cut at its header deadline with a 408.
            var timedOut = 0
            for client in slow {
                let answers = (try? RawResponse.parseAll(client.readUntilClosed())) ?? []
                if answers.first?.status == 408 { timedOut += 1 }
            }
            stop.store(true, ordering: .releasing)
            dribbler.join()
            #expect(timedOut == count)
        }
    }
}
