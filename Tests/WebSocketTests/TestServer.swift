import HTTP
import EventLoop
import TestSupport
@testable import WebSocket

/// Starts a real server on an ephemeral port whose every request is upgraded to a WebSocket
/// with the given delegate, and stops it after `body`.
func withWebSocketServer<R>(configuration: WebSocketConfiguration = WebSocketConfiguration(), loops: Int = 2, limits: HTTPLimits = HTTPLimits(),
                            makeDelegate: @escaping @Sendable () -> any WebSocketDelegate = { EchoDelegate() },
                            _ body: (Int) async throws -> R) async throws -> R {
    var server = HTTPServerConfiguration()
    server.port = 0
    server.loopCount = loops
    server.limits = limits
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
