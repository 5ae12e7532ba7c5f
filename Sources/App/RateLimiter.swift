import Glibc
import Synchronization

/// Token buckets per key (a principal, a client address): `rate` tokens a second up to `burst`.
/// Refusals say how long to wait, for `Retry-After`. Full buckets are forgotten once the table
/// grows, so many distinct keys cost memory only while they are active.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updatedAt: Double
    }

    let rate: Double
    let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])
    private static let pruneThreshold = 10_000

    /// `rate` 0 disables the limit.
    init(ratePerSecond rate: Double, burst: Double) {
        self.rate = rate
        self.burst = max(1, burst)
    }

    /// Nil when `key` may go ahead (and a token is taken), else the seconds to wait.
    func acquire(_ key: String) -> Int? {
        guard rate > 0 else { return nil }
        let now = Self.seconds()
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updatedAt: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updatedAt) * rate)
            bucket.updatedAt = now
            defer {
                buckets[key] = bucket
                if buckets.count > Self.pruneThreshold { prune(&buckets, now: now) }
            }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }

    private func prune(_ buckets: inout [String: Bucket], now: Double) {
        buckets = buckets.filter { _, bucket in bucket.tokens + (now - bucket.updatedAt) * rate < burst }
    }

    private static func seconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// The configured limits (contract §4: 429 with `Retry-After`).
public struct RateLimits: Sendable {
    /// Writes (chats, messages, read marks, changes) per second per principal; 0 turns it off.
    public var writesPerSecond: Double = 10
    /// Widget sessions per minute per client address; 0 turns it off.
    public var sessionsPerMinute: Double = 10

    public init() {}
}
