import Glibc

/// The one monotonic clock of the process: deadlines, timeouts, rate limits and latencies are
/// measured with it, so that a correction of the wall clock never moves them. Each reading comes
/// from the vDSO without a system call and builds no `Duration`, so hot paths may read it freely.
public enum MonotonicClock {
    /// Milliseconds since an arbitrary start.
    public static func milliseconds() -> UInt64 {
        let now = read(CLOCK_MONOTONIC)
        return UInt64(now.tv_sec) &* 1000 &+ UInt64(now.tv_nsec) / 1_000_000
    }

    /// Nanoseconds since the same start, for latencies.
    public static func nanoseconds() -> UInt64 {
        let now = read(CLOCK_MONOTONIC)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// The coarse clock (a few milliseconds of granularity, even cheaper to read): for intervals
    /// of a second or more, such as revalidating a cached file.
    public static func coarseMilliseconds() -> UInt64 {
        let now = read(CLOCK_MONOTONIC_COARSE)
        return UInt64(now.tv_sec) &* 1000 &+ UInt64(now.tv_nsec) / 1_000_000
    }

    private static func read(_ clock: clockid_t) -> timespec {
        var now = timespec()
        clock_gettime(clock, &now)
        return now
    }
}
