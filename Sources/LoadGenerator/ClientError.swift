import Glibc

/// Why one exchange failed. The load report counts failures by `kind`, so a run against a server
/// that resets connections reads differently from one that is merely slow.
public enum ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `connect` failed (errno): nothing listens, or the address is unreachable.
    case connect(Int32)
    /// Writing the request failed (errno), typically a reset.
    case send(Int32)
    /// Reading the response failed (errno), typically a reset.
    case receive(Int32)
    /// No response byte arrived within the receive timeout.
    case timeout
    /// The server closed the connection before the whole response arrived.
    case closed
    /// The response is not HTTP/1.x framed by `Content-Length` as this client expects.
    case malformed(String)

    /// A short name to count failures by in reports.
    public var kind: String {
        switch self {
        case .connect: "connect"
        case .send: "send"
        case .receive: "receive"
        case .timeout: "timeout"
        case .closed: "closed"
        case .malformed: "malformed"
        }
    }

    public var description: String {
        switch self {
        case .connect(let code): "connect failed: \(String(cString: strerror(code)))"
        case .send(let code): "send failed: \(String(cString: strerror(code)))"
        case .receive(let code): "receive failed: \(String(cString: strerror(code)))"
        case .timeout: "no response within the receive timeout"
        case .closed: "the server closed the connection before a complete response"
        case .malformed(let reason): "malformed response: \(reason)"
        }
    }
}
