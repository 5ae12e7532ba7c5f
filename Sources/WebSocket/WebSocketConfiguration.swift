/// Limits and timers of WebSocket connections; the defaults suit a chat server on the public
/// internet.
public struct WebSocketConfiguration: Sendable {
    /// Largest message accepted from a client; a bigger one is closed with 1009.
    public var maximumMessageSize = 64 * 1024
    /// Bytes that may wait to be written to one client. A reader that falls further behind is
    /// closed with 1008 rather than allowed to grow the server's memory.
    public var maximumQueuedBytes = 1 << 20
    /// Silence from the client after which the server sends a ping.
    public var pingIntervalMilliseconds: UInt64 = 30_000
    /// How long a ping may go unanswered (by any frame) before the peer counts as dead.
    public var pingTimeoutMilliseconds: UInt64 = 30_000
    /// How long the close handshake, or the writing of a last frame, may take.
    public var closeTimeoutMilliseconds: UInt64 = 5_000
    /// How long queued output may make no progress before the connection is dropped.
    public var writeTimeoutMilliseconds: UInt64 = 30_000

    public init() {}
}
