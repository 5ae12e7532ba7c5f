/// How a realtime run behaves, apart from what it sends (`RealtimeScenario`).
public struct RealtimeLoadOptions: Sendable {
    /// The WebSocket endpoint of contract §5.
    public var path = "/api/v1/realtime"
    /// Event-loop threads of the load generator; connections are spread over them. One is
    /// plenty unless the generator's own core is saturated.
    public var threads = 1
    /// Message texts are the delivery marker padded with `x` to this many bytes (0: the marker alone).
    public var payloadBytes = 0
    /// Handshakes in progress at once, over all threads.
    public var connectConcurrency = 64
    /// Every connection must be ready (welcomed) within this time, or it counts as timed out.
    public var connectTimeoutSeconds = 60.0
    /// After the last send, how long to wait for deliveries still missing.
    public var drainTimeoutSeconds = 5.0
    /// How long the closing handshakes may take before the sockets are dropped.
    public var closeTimeoutSeconds = 2.0
    /// The handshake's `Origin` header; none when nil (bench principals are bots, which the
    /// server does not check against `allowed_origins`).
    public var origin: String?
    /// Goes into every `client_id` (`<runTag>-<message>`), so a later run by the same principals
    /// is not answered as a repeat of this one.
    public var runTag: String

    /// Without a `runTag`, a random one is made.
    public init(runTag: String? = nil) {
        var random = SystemRandomNumberGenerator()
        self.runTag = runTag ?? "run" + String(random.next() as UInt32, radix: 16)
    }
}
