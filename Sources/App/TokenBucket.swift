/// A token bucket: `rate` tokens a second, holding at most `burst`. The one rule behind every
/// limit of the server — per principal and address (`RateLimiter`), and per connection.
struct TokenBucket {
    private(set) var tokens: Double
    private var updatedAt: Double

    /// A full bucket at time `now` (seconds of the monotonic clock).
    init(burst: Double, at now: Double) {
        tokens = burst
        updatedAt = now
    }

    /// Takes a token if there is one (nil), else says how many seconds until there is.
    mutating func take(rate: Double, burst: Double, now: Double) -> Double? {
        refill(rate: rate, burst: burst, now: now)
        guard tokens >= 1 else { return (1 - tokens) / rate }
        tokens -= 1
        return nil
    }

    /// True when the bucket would be full at `now`, so forgetting it changes nothing.
    func isFull(rate: Double, burst: Double, now: Double) -> Bool {
        tokens + (now - updatedAt) * rate >= burst
    }

    private mutating func refill(rate: Double, burst: Double, now: Double) {
        tokens = min(burst, tokens + (now - updatedAt) * rate)
        updatedAt = now
    }
}
