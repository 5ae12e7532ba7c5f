import Glibc
import Testing
import TestSupport

/// Response bodies sent from a file with sendfile(2) (`HTTPResponse.bodyFile`): whole and in
/// order whatever the size, resumed when a slow reader's socket drains, left out for HEAD, and
/// released when the client goes away mid-body.
@Suite("HTTP bodies sent from files")
struct FileBodyTests {
    static let mebibyte = 1024 * 1024

    @Test func fileBodiesArriveWholeAndInOrderWithOtherAnswers() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send("GET /memfd?70000 HTTP/1.1\r\nHost: h\r\n\r\nGET /small HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /memfd?5 HTTP/1.1\r\nHost: h\r\n\r\nGET /big HTTP/1.1\r\nHost: h\r\n\r\nGET /memfd?1 HTTP/1.1\r\nHost: h\r\n\r\n")
            let first = try client.readResponse()
            #expect(first.status == 200)
            #expect(first.body == patterned(70000))
            #expect(try client.readResponse().text == "hello /small")
            #expect(try client.readResponse().body == patterned(5))
            #expect(try client.readResponse().body.count == 3_000_000)
            #expect(try client.readResponse().body == patterned(1))

            try client.send("HEAD /memfd?70000 HTTP/1.1\r\nHost: h\r\n\r\nGET /memfd?3 HTTP/1.1\r\nHost: h\r\n\r\n")
            var received: [UInt8] = []
            while !String(decoding: received, as: UTF8.self).contains("\r\n\r\nHTTP/1.1 200 OK") {
                let more = client.receive()
                guard !more.isEmpty else { break }
                received += more
            }
            let head = try #require(try RawResponse.parseHead(received))
            #expect(head.response.header("Content-Length") == "70000")
            // No body after the head of the HEAD answer: the next answer follows at once.
            #expect(String(decoding: received.suffix(head.trailing), as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"))
        }
    }

    @Test func aSlowReaderGetsTheWholeFile() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send("GET /memfd?\(16 * Self.mebibyte) HTTP/1.1\r\nHost: h\r\n\r\n")
            // The server fills the socket and waits for it to drain, more than once.
            usleep(300_000)
            let response = try client.readResponse()
            #expect(response.body == patterned(16 * Self.mebibyte))
            try client.send("GET /after HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try client.readResponse().text == "hello /after")
        }
    }

    @Test func aClientLeavingMidFileReleasesTheFile() async throws {
        let directory = try TemporaryDirectory("webchat-sendfile")
        defer { directory.remove() }
        let path = try directory.write("large.bin", patterned(16 * Self.mebibyte))
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send("GET /disk?\(path) HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(!client.receive().isEmpty)
            #expect(Self.openDescriptors(to: path) == 1)
            client.reset()
            try eventually("the server closes the file of the abandoned response") { Self.openDescriptors(to: path) == 0 }
            let next = try RawClient(port: port)
            try next.send("GET /disk?\(path) HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try next.readResponse().body.count == 16 * Self.mebibyte)
        }
    }

    /// How many descriptors of this process (the server runs in it) are open on `path`.
    static func openDescriptors(to path: String) -> Int {
        entries(of: "/proc/self/fd").count { name in
            var target = [CChar](repeating: 0, count: 4096)
            let length = readlink("/proc/self/fd/\(name)", &target, target.count - 1)
            return length > 0 && String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) == path
        }
    }
}
