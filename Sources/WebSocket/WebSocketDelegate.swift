import EventLoop

/// A complete message from the client; text payloads are valid UTF-8.
public struct WebSocketMessage: Sendable, Equatable {
    public let opcode: WebSocketMessageOpcode
    public let payload: [UInt8]
}

/// What the application does with one WebSocket connection. It lives on the connection's loop
/// and is called only there, so it may keep state without locks; it may send and close through
/// the connection from inside any of these calls.
public protocol WebSocketDelegate: AnyObject {
    /// The handshake is complete and frames may be sent.
    func webSocketDidOpen(_ connection: WebSocketConnection, on loop: LoopContext)
    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage, on loop: LoopContext)
    /// About once a second while the connection is open, for the application's own deadlines.
    func webSocketTick(_ connection: WebSocketConnection, on loop: LoopContext)
    /// Called once, when the socket is gone. `code` is the close code that ended the
    /// connection, 1006 when it ended without a close frame.
    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, on loop: LoopContext)
}
