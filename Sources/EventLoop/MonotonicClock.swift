import Glibc

/// Milliseconds since an arbitrary start, never going back: deadlines must not move when the
/// wall clock is corrected.
public func monotonicMilliseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1000 + UInt64(spec.tv_nsec) / 1_000_000
}
