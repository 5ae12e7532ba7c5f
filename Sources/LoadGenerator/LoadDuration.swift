import Clock

/// How long a measured run may last, the same for HTTP and realtime loads: a day at most, so a
/// mistyped duration is refused instead of holding the machine.
enum LoadDuration {
    static func isValid(_ seconds: Double) -> Bool {
        seconds.isFinite && seconds > 0 && seconds <= 86_400
    }

    static let rule = "the duration must be more than 0 and at most 86400 seconds."
}

extension MonotonicClock {
    /// Whole nanoseconds of `seconds`, which the caller has checked to be finite and non-negative.
    static func nanoseconds(_ seconds: Double) -> UInt64 {
        UInt64((seconds * 1e9).rounded())
    }
}
