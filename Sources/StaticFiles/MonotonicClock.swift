import Glibc

/// The time source of revalidation: milliseconds since an arbitrary start.
enum MonotonicClock {
    /// Reads the coarse monotonic clock, which the vDSO answers without a system call; its few
    /// milliseconds of granularity are nothing next to a one-second revalidation interval.
    static func milliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
