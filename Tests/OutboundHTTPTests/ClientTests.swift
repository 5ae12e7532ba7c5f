import Glibc
import OutboundHTTP
import Testing
import TestSupport
import Threads

/// The client against a raw server that answers with bytes the test chooses: redirects are
/// answers, long bodies are cut at 64 KiB, and only a cleanly framed answer keeps the connection.
@Suite struct ClientTests {
    static let client: HTTPClient = {
        var client = HTTPClient(rules: DestinationRules(allowsHTTP: true, allowsPrivateAddresses: true), tls: nil)
        client.timeoutNanoseconds = 5_000_000_000
        return client
    }()

    @Test func aRedirectIsAnAnswerNotFollowed() async throws {
        try await onThread {
            let server = try RawServer(answer: Array("HTTP/1.1 301 Moved\r\nLocation: http://10.0.0.1/\r\nContent-Length: 0\r\n\r\n".utf8))
            defer { server.close() }
            let answer = try Self.client.post(try OutboundURL("http://127.0.0.1:\(server.port)/"), headers: [], body: Array("{}".utf8))
            #expect(answer.status == 301)
            #expect(answer.connection != nil, "framed and kept alive")
            #expect(server.requests == 1)
        }
    }

    @Test func aLongBodyIsCutAndItsConnectionDropped() async throws {
        try await onThread {
            let body = [UInt8](repeating: UInt8(ascii: "x"), count: 200_000)
            let server = try RawServer(answer: Array("HTTP/1.1 200 OK\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
            defer { server.close() }
            let answer = try Self.client.post(try OutboundURL("http://127.0.0.1:\(server.port)/"), headers: [], body: [])
            #expect(answer.status == 200)
            #expect(answer.connection == nil)
        }
    }

    @Test func anUnframedAnswerStillCountsButIsNotReused() async throws {
        try await onThread {
            let server = try RawServer(answer: Array("HTTP/1.1 202 Accepted\r\n\r\npartial".utf8), closesAfter: false)
            defer { server.close() }
            let answer = try Self.client.post(try OutboundURL("http://127.0.0.1:\(server.port)/"), headers: [], body: [])
            #expect(answer.status == 202)
            #expect(answer.connection == nil)
        }
    }
}

/// Accepts connections and answers every request on them with the same bytes.
final class RawServer: Sendable {
    let port: Int
    private let fd: Int32
    private let served: ConditionLock<Int>

    var requests: Int { served.withLock { $0 } }

    init(answer: [UInt8], closesAfter: Bool = true) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ready else { throw RawClient.Failure(description: "cannot listen") }
        port = Int(UInt16(bigEndian: address.sin_port))
        let served = ConditionLock(0)
        self.served = served
        try PlatformThread.detach(name: "raw-server") {
            while true {
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { return }
                // Each request the client sends arrives in one piece (one write of head and body).
                var buffer = [UInt8](repeating: 0, count: 65536)
                while recv(connection, &buffer, buffer.count, 0) > 0 {
                    served.update { $0 += 1 }
                    _ = answer.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    if closesAfter { break }
                }
                if closesAfter { Glibc.close(connection) }
            }
        }
    }

    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }
}
