// webchat-echo: a WebSocket echo server on WebChatKit's own networking stack, nothing else.
// It exists to hold the stack against the Autobahn|Testsuite (see docs/AUTOBAHN.md) and as
// the smallest example of the HTTP and WebSocket libraries.
import CPlatform
import EventLoop
import Glibc
import HTTP
import WebSocket

let usage = """
    Usage: webchat-echo [--host ADDRESS] [--port PORT]

    Echoes every text and binary WebSocket message, at any path.
      --host ADDRESS   address to listen on (default 127.0.0.1)
      --port PORT      port to listen on (default 9001; 0 picks a free one)
    """

/// Echoes each message back in a frame of the same kind.
final class Echo: WebSocketDelegate {
    func webSocketDidOpen(_ connection: WebSocketConnection, on loop: LoopContext) {}

    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage, on loop: LoopContext) {
        let frame = message.opcode == .text
            ? WebSocketFrameEncoder.text(utf8: message.payload)
            : WebSocketFrameEncoder.binary(message.payload)
        connection.send(frame: frame, on: loop)
    }

    func webSocketTick(_ connection: WebSocketConnection, on loop: LoopContext) {}
    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, on loop: LoopContext) {}
}

/// Upgrades every request; a request that is not a valid handshake gets its status in plain text.
struct EchoHandler: HTTPHandler {
    let configuration: WebSocketConfiguration

    func handle(_ request: HTTPRequest) -> HTTPReply {
        switch WebSocketUpgrade.reply(to: request, configuration: configuration, makeDelegate: { Echo() }) {
        case .success(let reply):
            return reply
        case .failure(let refusal):
            var headers = [("Content-Type", "text/plain; charset=utf-8")]
            if refusal.requiresVersionHeader { headers.append(("Sec-WebSocket-Version", "13")) }
            return .response(HTTPResponse(status: HTTPStatus(refusal.status), headers: headers, body: Array((refusal.reason + "\n").utf8)))
        }
    }

    func errorResponse(for error: HTTPParseError) -> HTTPResponse {
        HTTPResponse(status: error.status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array("\(error.status.reasonPhrase)\n".utf8))
    }
}

func writeLine(_ text: String, to fd: Int32) {
    var line = text + "\n"
    line.withUTF8 { _ = write(fd, $0.baseAddress, $0.count) }
}

func fail(_ message: String) -> Never {
    writeLine("webchat-echo: \(message)", to: 2)
    exit(2)
}

var configuration = HTTPServerConfiguration()
configuration.port = 9001
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--help", "-h":
        writeLine(usage, to: 1)
        exit(0)
    case "--host":
        guard let value = arguments.popFirst() else { fail("--host needs a value") }
        configuration.host = value
    case "--port":
        guard let value = arguments.popFirst(), let port = Int(value), (0...65535).contains(port) else { fail("--port needs a number 0-65535") }
        configuration.port = port
    default:
        fail("unknown argument \(argument)\n\(usage)")
    }
}

// Autobahn sends messages of up to 16 MiB (cases 9.*, run on request); echo them all.
var webSocket = WebSocketConfiguration()
webSocket.maximumMessageSize = 64 << 20
webSocket.maximumQueuedBytes = 256 << 20

let stopSignals = cplatform_stop_signal_pipe()
guard stopSignals >= 0 else { fail("cannot install signal handlers") }
let server: HTTPServer
let address: SocketAddress
do {
    server = try HTTPServer(configuration: configuration, handler: EchoHandler(configuration: webSocket))
    address = try server.start()
} catch {
    fail("cannot listen on \(configuration.host):\(configuration.port): \(error)")
}
writeLine("webchat-echo listening on ws://\(address)/", to: 1)
var byte: UInt8 = 0
while read(stopSignals, &byte, 1) < 0 && errno == EINTR {}
await server.stop()
