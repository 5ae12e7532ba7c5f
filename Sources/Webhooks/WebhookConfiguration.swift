import OutboundHTTP

/// How the server delivers webhooks: the operator's destination rules, the retry schedule, the
/// time limit per attempt, and the bounds of the machinery (threads, leases, how often the log is
/// looked at).
public struct WebhookConfiguration: Sendable {
    /// https only and public addresses only, unless the operator allows more
    /// (`--webhook-allow-http`, `--webhook-allow-private`).
    public var rules = DestinationRules()
    /// A CA trusted besides the system's (`--webhook-ca-file`).
    public var extraCAFile: String?
    /// Waits before each retry of a failed event, in milliseconds: contract §9's 5 s, 30 s,
    /// 2 min, 10 min, 1 h, 4 h, then every 8 h until 3 days have passed since the first failure.
    /// After the last, the webhook is turned off with its reader held at that event.
    public var retryDelaysMilliseconds: [Int64] = WebhookConfiguration.contractRetryDelays
    /// How long one attempt may take, connecting to the last byte of the answer (10 s).
    public var attemptTimeoutMilliseconds: Int64 = 10_000
    /// Threads that make the requests: each blocks on one receiver at a time, so this many slow
    /// receivers at once are what it takes to delay the others.
    public var deliveryThreads = 8
    /// How long a node's claim on a webhook lasts without renewal; another node takes the webhook
    /// over after it lapses. Renewed every `refreshMilliseconds`.
    public var leaseMilliseconds: Int64 = 60_000
    /// How often the node renews its leases, takes webhooks that no node holds and reads changes
    /// other nodes made.
    public var refreshMilliseconds: Int64 = 5_000
    /// How often the log's newest id is read when every webhook is caught up (the latency of a
    /// delivery when nothing else wakes the deliverer).
    public var pollMilliseconds: Int64 = 100
    /// The lease owner's name: the same across restarts of one node (so that it takes back its own
    /// webhooks at once after a crash), different between nodes that share a database.
    public var node = "node"

    public init() {}

    public static let contractRetryDelays: [Int64] = {
        let second: Int64 = 1000
        var delays: [Int64] = [5, 30, 120, 600, 3600, 4 * 3600].map { $0 * second }
        var elapsed = delays.reduce(0, +)
        let eightHours = 8 * 3600 * second
        while elapsed + eightHours <= 3 * 24 * 3600 * second {
            delays.append(eightHours)
            elapsed += eightHours
        }
        return delays
    }()
}
