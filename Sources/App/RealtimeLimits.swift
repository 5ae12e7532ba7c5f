import Chat

/// How often one principal or one client address may start realtime work that costs the store
/// or the hub something: hellos (each may replay a backlog) and polls (each holds a reader for
/// a bounded scan). Typing, which a client may send at will, is limited per connection and per
/// principal as well. Every limit is a token bucket: `rate` a second, up to `burst` at once.
///
/// Operators set them with `--hello-rate`, `--poll-rate` and `--typing-rate` (and `WEBCHAT_*`).
/// The defaults leave room for what real clients do — a reconnect after a network change, a
/// poll every 5 s from a few tabs, a typing "start" every 4 s — and bound what a script can make
/// the server do for one token or from one address.
public struct RealtimeRateLimits: Sendable {
    /// Hellos per principal (a reload reconnects once).
    public var hellosPerPrincipal = Limit(rate: 1, burst: 10)
    /// Hellos per client address (many visitors may share one address behind NAT).
    public var hellosPerAddress = Limit(rate: 10, burst: 100)
    /// Polls per principal; a poll that reports `has_more` is followed at once, so a backlog is
    /// caught up at this pace.
    public var pollsPerPrincipal = Limit(rate: 2, burst: 20)
    public var pollsPerAddress = Limit(rate: 20, burst: 200)
    /// Typing events per principal (REST) and per WebSocket connection.
    public var typingPerPrincipal = Limit(rate: 2, burst: 10)
    /// Messages one WebSocket connection may send, of any kind. A client sends a few a minute
    /// (typing every 4 s, its messages, a ping, a burst of queued sends after a reconnect); one
    /// that sends thousands is closed (`rate_limited`, 4429), so that its frames stop costing its
    /// loop a parse and an answer each.
    public var commandsPerConnection = Limit(rate: 20, burst: 200)

    public struct Limit: Sendable {
        public var rate: Double
        public var burst: Double

        public init(rate: Double, burst: Double) {
            self.rate = rate
            self.burst = burst
        }
    }

    public init() {}

    /// `--hello-rate`: per principal; a client address gets ten times as much (many visitors
    /// may share one behind NAT), and bursts are ten seconds' worth. 0 turns both off.
    mutating func hellos(perPrincipalPerSecond rate: Double) {
        (hellosPerPrincipal, hellosPerAddress) = Self.principalAndAddress(rate)
    }

    /// `--poll-rate`: as `--hello-rate`.
    mutating func polls(perPrincipalPerSecond rate: Double) {
        (pollsPerPrincipal, pollsPerAddress) = Self.principalAndAddress(rate)
    }

    private static func principalAndAddress(_ rate: Double) -> (Limit, Limit) {
        (Limit(rate: rate, burst: rate * 10), Limit(rate: rate * 10, burst: rate * 100))
    }

    /// `--typing-rate`: per principal, bursts of five seconds' worth.
    mutating func typing(perPrincipalPerSecond rate: Double) {
        typingPerPrincipal = Limit(rate: rate, burst: rate * 5)
    }
}

/// The buckets behind `RealtimeRateLimits`, shared by every connection of the server.
struct RealtimeLimiters: Sendable {
    let limits: RealtimeRateLimits
    private let hellosByPrincipal: RateLimiter
    private let hellosByAddress: RateLimiter
    private let pollsByPrincipal: RateLimiter
    private let pollsByAddress: RateLimiter
    private let typingByPrincipal: RateLimiter

    init(_ limits: RealtimeRateLimits) {
        self.limits = limits
        func limiter(_ limit: RealtimeRateLimits.Limit) -> RateLimiter { RateLimiter(ratePerSecond: limit.rate, burst: limit.burst) }
        hellosByPrincipal = limiter(limits.hellosPerPrincipal)
        hellosByAddress = limiter(limits.hellosPerAddress)
        pollsByPrincipal = limiter(limits.pollsPerPrincipal)
        pollsByAddress = limiter(limits.pollsPerAddress)
        typingByPrincipal = limiter(limits.typingPerPrincipal)
    }

    func admitHello(_ viewer: Viewer, from address: String) throws(APIError) {
        try Self.admit(hellosByAddress, address)
        try Self.admit(hellosByPrincipal, viewer.limitKey)
    }

    func admitPoll(_ viewer: Viewer, from address: String) throws(APIError) {
        try Self.admit(pollsByAddress, address)
        try Self.admit(pollsByPrincipal, viewer.limitKey)
    }

    func admitTyping(_ viewer: Viewer) throws(APIError) {
        try Self.admit(typingByPrincipal, viewer.limitKey)
    }

    private static func admit(_ limiter: RateLimiter, _ key: String) throws(APIError) {
        if let wait = limiter.acquire(key) { throw APIError.rateLimited(retryAfter: wait) }
    }
}
