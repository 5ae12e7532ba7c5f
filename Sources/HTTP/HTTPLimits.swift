/// The sizes and deadlines a client must respect. Every one answers with its own status, so a
/// client learns which rule it broke (contract §3 "HTTP limits").
public struct HTTPLimits: Sendable {
    /// Longest request line, CRLF included (414 above).
    public var maxRequestLineBytes = 8 * 1024
    /// Largest header section after the request line, CRLFs included (431 above).
    public var maxHeaderBytes = 16 * 1024
    /// Most header fields in one request (431 above).
    public var maxHeaderFields = 100
    /// Largest body, after removing chunked framing (413 above).
    public var maxBodyBytes = 1024 * 1024
    /// Time from a request's first byte to its last header byte (408 and close above).
    public var headerTimeoutMilliseconds: UInt64 = 10_000
    /// Longest pause between two reads of a body before the request is dropped (408 and close).
    public var bodyTimeoutMilliseconds: UInt64 = 30_000
    /// How long an idle keep-alive connection stays open.
    public var idleTimeoutMilliseconds: UInt64 = 60_000
    /// How long the server waits for a stalled reader to take a response before closing.
    public var writeTimeoutMilliseconds: UInt64 = 60_000
    /// How long a closing connection keeps reading (and discarding) so that the client sees the
    /// final response instead of a reset.
    public var lingerMilliseconds: UInt64 = 2_000
    /// Requests a client may pipeline before the server stops reading until answers went out.
    public var maxPipelinedRequests = 16
    /// Bytes of responses queued for a client before the server stops reading from it.
    public var maxQueuedOutputBytes = 4 * 1024 * 1024
    /// Bytes of unfinished request bodies buffered in all (0: no limit): a body that would pass it
    /// is refused with 503 and the connection closed. A body counts with the bytes that arrived,
    /// beyond its first `unchargedBodyBytes`, until it is handed on.
    public var maxBufferedBodyBytes = 64 * 1024 * 1024
    /// The same from one client address (0: no limit): eight whole bodies of the default size.
    public var maxBufferedBodyBytesPerAddress = 8 * 1024 * 1024
    /// The first bytes of every body are not charged to the budgets: every ordinary API request
    /// fits in them, so clients that fill the budgets with large bodies (from many addresses)
    /// cannot get anyone's small request refused. What they may hold is bounded by the
    /// connection limits instead: 32 KiB per connection.
    public var unchargedBodyBytes = 32 * 1024
    /// Open connections in all (0: no limit); a connection over it is answered 503 and closed.
    public var maxConnections = 50_000
    /// Open connections from one client address (0: no limit); over it, 503 and close. Behind a
    /// reverse proxy every client has the proxy's address: lift it there.
    public var maxConnectionsPerAddress = 1_000

    public init() {}
}
