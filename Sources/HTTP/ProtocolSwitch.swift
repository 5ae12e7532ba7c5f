import EventLoop

/// Everything a new protocol needs to take a connection over after `101 Switching Protocols`:
/// the socket with its loop registration, the bytes still waiting to go out (the 101 itself
/// among them), and the bytes the client sent after its request, which already belong to the
/// new protocol.
public struct ConnectionHandover {
    public let fd: Int32
    /// The loop the connection lives on, for work sent to it from other threads.
    public let loop: EventLoop
    /// The loop registration, now owned by the new handler (it must set its own interest).
    public let id: HandlerID
    public let remoteAddress: String
    /// The connection's place under the server's connection limits: keep it as long as the
    /// socket is open.
    public let ticket: ConnectionTicket
    public let pendingOutput: OutboundQueue
    public let bufferedInput: [UInt8]
}

/// The handler that owns a connection after a protocol switch.
public protocol ConnectionSuccessor: LoopHandler {
    /// Called on the loop once the registration is this handler's: write the pending output,
    /// consume the buffered input and set the interest it needs.
    func start(on loop: LoopContext)
}

/// Builds the connection's new owner once its `101` is queued. It runs on the connection's
/// loop, so the successor may be loop-confined.
public typealias ProtocolSwitch = @Sendable (ConnectionHandover) -> any ConnectionSuccessor
