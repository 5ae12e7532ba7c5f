import Glibc

/// Nanoseconds of `CLOCK_MONOTONIC`: what each request's latency and the run's windows are
/// measured with, read straight from the vDSO without building `Duration` values on the hot path.
enum MonotonicClock {
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Whole nanoseconds of `seconds`, which the caller has checked to be finite and non-negative.
    static func nanoseconds(_ seconds: Double) -> UInt64 {
        UInt64((seconds * 1e9).rounded())
    }
}
