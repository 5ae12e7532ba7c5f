import Glibc
import HTTP
import Testing
import TestSupport

/// The connection caps: over the limit per address or in all, a client gets one 503 in the
/// application's error format and is closed; a place freed is taken again.
@Suite("HTTP connection limits")
struct ConnectionLimitTests {
    /// Opens connections until one is refused, returning the open ones and the refusal.
    static func fill(_ port: Int, expecting count: Int) throws -> (open: [RawClient], refused: RawResponse) {
        var open: [RawClient] = []
        for _ in 0..<count {
            let client = try RawClient(port: port)
            // A request answered proves the server took the connection (accepting is asynchronous).
            try client.send("GET /nothing HTTP/1.1\r\nHost: h\r\n\r\n")
            _ = try client.readResponse()
            open.append(client)
        }
        let extra = try RawClient(port: port)
        let refused = try #require(try RawResponse.parseAll(extra.readUntilClosed()).first)
        return (open, refused)
    }

    @Test func overThePerAddressLimitIsA503AndAFreedPlaceIsTakenAgain() async throws {
        var limits = HTTPLimits()
        limits.maxConnectionsPerAddress = 3
        try await withServer(limits: limits) { port in
            var (open, refused) = try Self.fill(port, expecting: 3)
            #expect(refused.status == 503)
            #expect(refused.header("Connection") == "close")
            #expect(refused.header("Content-Type") == "application/json")
            #expect(refused.text.hasPrefix("{\"error\":{\"code\":"))
            // The open ones are still served.
            try open[0].send("GET /nothing HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try open[0].readResponse().status == 204)
            // Closing one frees its place, once the server has seen it go.
            open.removeLast()
            var served = false
            for _ in 0..<500 where !served {
                let client = try RawClient(port: port)
                try client.send("GET /nothing HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
                served = (try? RawResponse.parseAll(client.readUntilClosed()).first?.status) == 204
                if !served { usleep(10_000) }
            }
            #expect(served)
        }
    }

    @Test func overTheTotalLimitIsA503() async throws {
        var limits = HTTPLimits()
        limits.maxConnections = 4
        limits.maxConnectionsPerAddress = 0
        try await withServer(limits: limits) { port in
            let (open, refused) = try Self.fill(port, expecting: 4)
            #expect(refused.status == 503)
            #expect(open.count == 4)
        }
    }
}
