import Glibc
import LoadGenerator
import Testing
import TestSupport
import WebSocket

/// The client against WebChatKit's own WebSocket stack (`webchat-echo`, built next to the tests):
/// the answers the project's server gives, including its refusals.
@Suite("WebSocket client against webchat-echo")
struct WebChatEchoTests {
    /// Runs `body` on its own thread against a freshly started `webchat-echo`.
    func withEchoServer(_ body: @escaping @Sendable (Int) throws -> Void) async throws {
        try await onThread {
            let server = try ChildProcess(builtProduct("webchat-echo"), ["--port", "0"])
            defer {
                server.signal(SIGTERM)
                _ = server.wait()
            }
            guard let line = server.waitForLine(containing: "listening on"),
                  let port = line.split(separator: ":").last.flatMap({ Int($0.filter { $0.isNumber }) }) else {
                throw RawClient.Failure(description: "webchat-echo did not start: \(server.standardError)")
            }
            try body(port)
        }
    }

    @Test func echoesEveryLengthEncodingAndAnswersPings() async throws {
        try await withEchoServer { port in
            let client = try WebSocketClient.connect(host: "127.0.0.1", port: port, path: "/any/path")
            for size in [0, 125, 126, 65535, 65536, 1 << 20] {
                let text = String(repeating: "é", count: size / 2) + String(repeating: "a", count: size % 2)
                try client.send(text: text)
                #expect(try client.receive() == .text(text), "\(size) bytes of text")
                let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
                try client.send(binary: bytes)
                #expect(try client.receive() == .binary(bytes), "\(size) bytes of binary")
            }
            try client.ping(Array("still there?".utf8))
            #expect(try client.receive() == .pong(Array("still there?".utf8)))
        }
    }

    @Test func closingHandshakeEndsTheConnection() async throws {
        try await withEchoServer { port in
            let client = try WebSocketClient.connect(host: "127.0.0.1", port: port)
            try client.close(code: 4000, reason: "bye")
            #expect(try client.receive() == .close(code: 4000, reason: "bye"), "the code and reason come back")
            #expect(client.waitForServerClose())
        }
    }

    @Test func anUnmaskedFrameIsAProtocolError() async throws {
        try await withEchoServer { port in
            let client = try WebSocketClient.connect(host: "127.0.0.1", port: port)
            try client.send(rawBytes: WebSocketFrameEncoder.text("unmasked"))
            guard case .close(let code, _) = try client.receive() else {
                Issue.record("no close frame")
                return
            }
            #expect(code == WebSocketCloseCode.protocolError)
            #expect(client.waitForServerClose())
        }
    }

    @Test func refusalsCarryTheirStatusAndWhy() async throws {
        try await withEchoServer { port in
            let version = try Self.refusal {
                try WebSocketClient.connect(host: "127.0.0.1", port: port, headers: [("Sec-WebSocket-Version", "8")])
            }
            #expect(version.status == 426)
            #expect(version.value(of: "Sec-WebSocket-Version") == "13")
            #expect(version.text == "Sec-WebSocket-Version must be 13\n")

            let upgrade = try Self.refusal {
                try WebSocketClient.connect(host: "127.0.0.1", port: port, headers: [("Upgrade", "h2c")])
            }
            #expect(upgrade.status == 400)
            #expect(upgrade.text == "Upgrade header must contain websocket\n")

            let key = try Self.refusal {
                try WebSocketClient.connect(host: "127.0.0.1", port: port, headers: [("Sec-WebSocket-Key", "c2hvcnQ=")])
            }
            #expect(key.status == 400)
            #expect(key.text.contains("Sec-WebSocket-Key"))
        }
    }

    static func refusal(_ connect: () throws -> WebSocketClient) throws -> HandshakeResponse {
        do {
            _ = try connect()
        } catch let WebSocketClientError.handshakeRefused(response) {
            return response
        }
        throw RawClient.Failure(description: "the handshake was not refused")
    }
}
