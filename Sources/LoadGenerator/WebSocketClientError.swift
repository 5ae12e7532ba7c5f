import Glibc
import WebSocket

/// Why a WebSocket client call failed. Tests match on the case: a refused handshake carries the
/// server's whole answer, a broken frame the close code the client would send for it.
public enum WebSocketClientError: Error, Sendable, CustomStringConvertible {
    /// The host could not be resolved or the port is out of range.
    case address(String)
    /// The path or a header cannot be sent as given.
    case invalidRequest(String)
    /// `connect` failed (errno): nothing listens, or the address is unreachable.
    case connect(Int32)
    /// Writing failed (errno), typically a reset.
    case send(Int32)
    /// Reading failed (errno), typically a reset.
    case receive(Int32)
    /// Nothing arrived within the time allowed.
    case timeout
    /// The server closed the TCP connection (without a close frame, or after one was received).
    case connectionClosed
    /// The server answered the handshake with another status than `101`.
    case handshakeRefused(HandshakeResponse)
    /// The answer is not HTTP, or a `101` that fails the checks of RFC 6455 §4.1.
    case malformedHandshake(String)
    /// A server frame broke RFC 6455; the client sent a close frame with `closeCode`.
    case protocolViolation(closeCode: UInt16, reason: String)
    /// The frame cannot be built: a control payload over 125 bytes, or a close code not allowed on the wire.
    case invalidFrame(WebSocketFrameEncoder.EncodingError)

    public var description: String {
        switch self {
        case .address(let reason): "bad address: \(reason)"
        case .invalidRequest(let reason): "invalid handshake request: \(reason)"
        case .connect(let code): "connect failed: \(String(cString: strerror(code)))"
        case .send(let code): "send failed: \(String(cString: strerror(code)))"
        case .receive(let code): "receive failed: \(String(cString: strerror(code)))"
        case .timeout: "nothing arrived in time"
        case .connectionClosed: "the server closed the connection"
        case .handshakeRefused(let response): "handshake refused: \(response)"
        case .malformedHandshake(let reason): "malformed handshake answer: \(reason)"
        case .protocolViolation(let code, let reason): "server broke the protocol (closed with \(code)): \(reason)"
        case .invalidFrame(let error): "cannot build the frame: \(error)"
        }
    }
}
