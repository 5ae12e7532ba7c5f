import Glibc
import Synchronization

/// Set when the store begins closing, for the threads that would otherwise keep waiting for a
/// lost database to come back.
final class StopFlag: Sendable {
    private let stopped = Atomic(false)

    var isSet: Bool { stopped.load(ordering: .acquiring) }

    func set() { stopped.store(true, ordering: .releasing) }
}

/// The wait between attempts to reach a lost database: 100 ms, doubling up to 5 s, so a restart
/// is noticed quickly and a long outage costs the server one connection attempt every 5 s per
/// thread.
struct Backoff {
    static let first = 100
    static let longest = 5_000
    private(set) var milliseconds = Backoff.first

    /// Sleeps the current delay, in slices so that closing the store is not held up, then
    /// doubles it. Returns false when `stop` was set meanwhile.
    mutating func sleep(unless stop: StopFlag) -> Bool {
        var remaining = milliseconds
        milliseconds = min(milliseconds * 2, Backoff.longest)
        while remaining > 0 {
            if stop.isSet { return false }
            let slice = min(remaining, 50)
            usleep(UInt32(slice) * 1_000)
            remaining -= slice
        }
        return !stop.isSet
    }
}
