import Glibc
import LoadGenerator
import Testing
import TestSupport

/// The client against a scripted real socket: keep-alive, reconnecting, and the framing it refuses.
@Suite("Client connection")
struct ClientConnectionTests {
    static let ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"

    func connection(to server: ScriptedServer) throws -> ClientConnection {
        ClientConnection(address: try ServerAddress(host: "127.0.0.1", port: server.port), timeoutSeconds: 2)
    }

    func get(_ path: String, _ server: ScriptedServer) -> [UInt8] {
        RequestTemplate(method: "GET", authority: "127.0.0.1:\(server.port)").request(target: path)
    }

    @Test func keepsOneConnectionAliveAcrossExchanges() async throws {
        try await onThread {
            let server = try ScriptedServer([.init(Self.ok), .init(Self.ok, pieces: 7), .init(Self.ok)])
            defer { server.finish() }
            let client = try connection(to: server)
            for _ in 0..<3 {
                let response = try client.exchange(get("/", server))
                #expect(response.status == 200)
                #expect(response.text == "hello")
            }
            #expect(client.socketsOpened == 1)
        }
    }

    @Test func sendsTheTemplatesBytes() async throws {
        try await onThread {
            let server = try ScriptedServer([.init(Self.ok), .init(Self.ok)])
            defer { server.finish() }
            let client = try connection(to: server)
            let template = RequestTemplate(method: "POST", authority: "127.0.0.1:\(server.port)",
                                           headers: [("Authorization", "Bearer t"), ("Content-Type", "application/json")])
            _ = try client.exchange(template.request(target: "/a?b=1", body: Array("{}".utf8)))
            _ = try client.exchange(template.request(body: nil) { $0.append(contentsOf: "/n/".utf8) })
            server.finish()
            #expect(server.requests == [
                "POST /a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\n\r\n{}",
                "POST /n/ HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\n\r\n",
            ])
        }
    }

    @Test func reconnectsAfterTheServerCloses() async throws {
        try await onThread {
            let server = try ScriptedServer([
                .init("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"),
                .init("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", thenClose: true),
                .init("HTTP/1.1 204 No Content\r\n\r\n"),
            ])
            defer { server.finish() }
            let client = try connection(to: server)
            #expect(try client.exchange(get("/1", server)).text == "ok")
            #expect(try client.exchange(get("/2", server)).text == "ok")
            #expect(try client.exchange(get("/3", server)).status == 204)
            #expect(client.socketsOpened == 3)
        }
    }

    @Test func readsBodiesLargerThanItsBuffer() async throws {
        try await onThread {
            let body = String((0..<300_000).map { Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8($0 % 26))) })
            let large = "HTTP/1.1 200 OK\r\ncontent-length: \(body.utf8.count)\r\n\r\n" + body
            let server = try ScriptedServer([.init(large, pieces: 9), .init(large), .init(Self.ok)])
            defer { server.finish() }
            let client = try connection(to: server)
            #expect(try client.exchange(get("/", server)).text == body)
            let dropped = try client.exchange(get("/", server), keepingBody: false)
            #expect(dropped.status == 200 && dropped.body.isEmpty)
            #expect(try client.exchange(get("/", server)).text == "hello", "the next response starts right after the dropped body")
        }
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "malformed"),
        ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n", "malformed"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", "malformed"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n", "malformed"),
        ("HTTP/1.1 200 OK\r\nno colon here\r\nContent-Length: 0\r\n\r\n", "malformed"),
        ("HTTP/2 200\r\nContent-Length: 0\r\n\r\n", "malformed"),
        ("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n", "malformed"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "closed"),
    ])
    func refusesFramingItCannotTrust(response: String, kind: String) async throws {
        try await onThread {
            let server = try ScriptedServer([.init(response, thenClose: true), .init(Self.ok)])
            defer { server.finish() }
            let client = try connection(to: server)
            #expect {
                _ = try client.exchange(get("/", server))
            } throws: { ($0 as? ClientError)?.kind == kind }
            #expect(try client.exchange(get("/", server)).text == "hello", "a failure leaves the next exchange a fresh socket")
            #expect(client.socketsOpened == 2)
        }
    }

    @Test func aCloseBeforeTheAnswerIsCountedAsClosed() async throws {
        try await onThread {
            let server = try ScriptedServer([.hangUp, .init(Self.ok)])
            defer { server.finish() }
            let client = try connection(to: server)
            #expect(throws: ClientError.closed) { try client.exchange(get("/", server)) }
            #expect(try client.exchange(get("/", server)).status == 200)
        }
    }

    @Test func nothingListeningIsAConnectError() async throws {
        try await onThread {
            let server = try ScriptedServer([])
            server.finish()
            let client = try connection(to: server)
            #expect(throws: ClientError.connect(ECONNREFUSED)) { try client.exchange(get("/", server)) }
        }
    }
}
