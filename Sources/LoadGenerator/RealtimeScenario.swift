/// The realtime loads `webchat bench` offers (the scenarios of the benchmark's wsbench, so that the
/// numbers compare): who connects, who sends how fast, and for how long.
///
/// Connections are numbered receivers first, then senders. Receiver `i` subscribes to chat
/// `i % chats`, sender `j` to chat `j % chats` (and sends there); message `k` goes out on sender
/// `k % senders` at `start + k / rate`, whether or not the server kept up (an open loop, so a slow
/// server shows as latency instead of slowing the load down).
public enum RealtimeScenario: Sendable, Equatable {
    /// One chat, `receivers` subscribed to it; `senders` share `messagesPerSecond` for `seconds`.
    /// Offered deliveries per second: receivers × messagesPerSecond.
    case fanout(receivers: Int, senders: Int, messagesPerSecond: Double, seconds: Double)
    /// `chats` chats with `receiversPerChat` receivers each, and `senders` that each send
    /// `messagesPerSecondEach` to their own chat for `seconds`.
    case rooms(chats: Int, receiversPerChat: Int, senders: Int, messagesPerSecondEach: Double, seconds: Double)
    /// `connections` authenticated, subscribed connections held open `seconds`; nothing is sent.
    /// The caller measures the server's memory around the hold (`RealtimePhase`).
    case idle(connections: Int, seconds: Double)

    /// The name reports use.
    public var name: String {
        switch self {
        case .fanout: "fanout"
        case .rooms: "rooms"
        case .idle: "idle"
        }
    }
}
