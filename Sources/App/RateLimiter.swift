import Clock
import Synchronization

/// Token buckets per key (a principal, a client address): `rate` tokens a second up to `burst`.
/// Refusals say how long to wait, for `Retry-After`. Full buckets are forgotten once the table
/// grows, so many distinct keys cost memory only while they are active.
///
/// Forgetting is a pass over the whole table, so it runs only when the table has doubled since
/// the last pass (and reached 10,000 keys): each call pays O(1) amortized, however many keys are
/// active. A pass on every call past 10,000 keys made each call O(n) under a flood of clients.
final class RateLimiter: Sendable {
    private struct Table {
        var buckets: [String: TokenBucket] = [:]
        /// The size at which the next pass runs.
        var nextPruneAt = RateLimiter.pruneThreshold
        var prunes = 0
    }

    let rate: Double
    let burst: Double
    private let table = Mutex(Table())
    static let pruneThreshold = 10_000

    /// `rate` 0 disables the limit.
    init(ratePerSecond rate: Double, burst: Double) {
        self.rate = rate
        self.burst = max(1, burst)
    }

    /// Nil when `key` may go ahead (and a token is taken), else the seconds to wait.
    func acquire(_ key: String) -> Int? {
        guard rate > 0 else { return nil }
        let now = Self.seconds()
        return table.withLock { table in
            var bucket = table.buckets[key] ?? TokenBucket(burst: burst, at: now)
            let wait = bucket.take(rate: rate, burst: burst, now: now)
            table.buckets[key] = bucket
            if table.buckets.count >= table.nextPruneAt { prune(&table, now: now) }
            return wait.map { max(1, Int($0.rounded(.up))) }
        }
    }

    /// Keys held and passes over the table so far, for tests.
    var statistics: (keys: Int, prunes: Int) { table.withLock { ($0.buckets.count, $0.prunes) } }

    private func prune(_ table: inout Table, now: Double) {
        table.buckets = table.buckets.filter { _, bucket in !bucket.isFull(rate: rate, burst: burst, now: now) }
        table.nextPruneAt = max(Self.pruneThreshold, 2 * table.buckets.count)
        table.prunes += 1
    }

    private static func seconds() -> Double {
        Double(MonotonicClock.nanoseconds()) / 1e9
    }
}

/// The configured limits (contract §4: 429 with `Retry-After`).
public struct RateLimits: Sendable {
    /// Writes (chats, messages, read marks, changes) per second per visitor or agent; 0 turns it off.
    public var writesPerSecond: Double = 10
    /// Writes per second of all bot and admin tokens of one website together (contract §4: at
    /// least 1,000); 0 turns it off.
    public var websiteWritesPerSecond: Double = 1000
    /// Widget sessions per minute per client address; 0 turns it off.
    public var sessionsPerMinute: Double = 10

    public init() {}
}
