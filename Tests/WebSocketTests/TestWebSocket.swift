import Glibc
import HTTP
import EventLoop
import TestSupport
@testable import WebSocket

/// A WebSocket client for tests, on raw bytes: the handshake is written by hand, frames come
/// from the codec in its client role, so a test can also send frames no real client would.
final class TestWebSocket: Sendable {
    let raw: RawClient
    let handshake: RawResponse
    private let decoder = Mutex(WebSocketFrameDecoder(role: .client, maximumMessageSize: 1 << 24))

    static let key = "dGhlIHNhbXBsZSBub25jZQ=="

    /// Connects and performs the opening handshake; `extra` is sent right behind the request,
    /// in the same write.
    init(port: Int, path: String = "/", headers: [String] = [], extra: [UInt8] = [], receiveTimeoutSeconds: Int = 30) throws {
        raw = try RawClient(port: port, receiveTimeoutSeconds: receiveTimeoutSeconds)
        let lines = ["GET \(path) HTTP/1.1", "Host: test", "Upgrade: websocket", "Connection: Upgrade",
                     "Sec-WebSocket-Key: \(Self.key)", "Sec-WebSocket-Version: 13"] + headers
        try raw.send(Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + extra)
        handshake = try raw.readResponse()
    }

    func send(_ bytes: [UInt8]) throws { try raw.send(bytes) }

    func sendText(_ text: String) throws {
        try raw.send(WebSocketFrameEncoder.text(text, maskingKey: 0x1234_5678))
    }

    /// The next frame or message from the server, or nil once the server closed the TCP
    /// connection (or the receive timeout passed).
    func next() -> WebSocketFrameDecoder.Event? {
        while true {
            let event = decoder.withLock { $0.nextEvent() }
            if event != .needMore { return event }
            let bytes = raw.receive()
            if bytes.isEmpty { return nil }
            decoder.withLock { $0.append(bytes) }
        }
    }

    /// The next text message, skipping pings.
    func nextText() -> String? {
        while let event = next() {
            switch event {
            case .message(.text, let payload): return String(decoding: payload, as: UTF8.self)
            case .ping: continue
            default: return nil
            }
        }
        return nil
    }
}

import Synchronization

/// Starts a real server on an ephemeral port whose every request is upgraded to a WebSocket
/// with the given delegate, and stops it after `body`.
func withWebSocketServer<R>(configuration: WebSocketConfiguration = WebSocketConfiguration(), loops: Int = 2,
                            makeDelegate: @escaping @Sendable () -> any WebSocketDelegate = { EchoDelegate() },
                            _ body: (Int) async throws -> R) async throws -> R {
    var server = HTTPServerConfiguration()
    server.port = 0
    server.loopCount = loops
    let http = try HTTPServer(configuration: server, handler: UpgradeEverything(configuration: configuration, makeDelegate: makeDelegate))
    let port = try http.start().port
    do {
        let result = try await body(port)
        await http.stop(gracePeriodMilliseconds: 2000)
        return result
    } catch {
        await http.stop(gracePeriodMilliseconds: 0)
        throw error
    }
}

/// Upgrades every request, answering refusals with their status and reason.
struct UpgradeEverything: HTTPHandler {
    let configuration: WebSocketConfiguration
    let makeDelegate: @Sendable () -> any WebSocketDelegate

    func handle(_ request: HTTPRequest) -> HTTPReply {
        if request.path == "/plain" { return .response(HTTPResponse(status: .ok, body: Array("plain".utf8))) }
        switch WebSocketUpgrade.reply(to: request, configuration: configuration, makeDelegate: makeDelegate) {
        case .success(let reply):
            return reply
        case .failure(let refusal):
            let headers = refusal.requiresVersionHeader ? [("Sec-WebSocket-Version", "13")] : []
            return .response(HTTPResponse(status: HTTPStatus(refusal.status), headers: headers, body: Array(refusal.reason.utf8)))
        }
    }

    func errorResponse(for error: HTTPParseError) -> HTTPResponse {
        HTTPResponse(status: error.status)
    }
}

/// Echoes messages; a text message "close:CODE" makes the server start the close handshake, and
/// "flood:N" makes it send N frames of 16 KiB.
final class EchoDelegate: WebSocketDelegate {
    func webSocketDidOpen(_ connection: WebSocketConnection, on loop: LoopContext) {}

    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage, on loop: LoopContext) {
        let text = String(decoding: message.payload, as: UTF8.self)
        if message.opcode == .text, text.hasPrefix("close:"), let code = UInt16(text.dropFirst(6)) {
            connection.close(code: code, reason: "asked", on: loop)
        } else if message.opcode == .text, text.hasPrefix("flood:"), let count = Int(text.dropFirst(6)) {
            let frame = WebSocketFrameEncoder.binary([UInt8](repeating: 7, count: 16 * 1024))
            for _ in 0..<count where connection.isOpen { connection.send(frame: frame, on: loop) }
        } else {
            connection.send(frame: message.opcode == .text ? WebSocketFrameEncoder.text(utf8: message.payload)
                                                           : WebSocketFrameEncoder.binary(message.payload), on: loop)
        }
    }

    func webSocketTick(_ connection: WebSocketConnection, on loop: LoopContext) {}
    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, on loop: LoopContext) {}
}
