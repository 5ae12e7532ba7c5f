/// How long a measured run may last, the same for HTTP and realtime loads: a day at most, so a
/// mistyped duration is refused instead of holding the machine.
enum LoadDuration {
    static func isValid(_ seconds: Double) -> Bool {
        seconds.isFinite && seconds > 0 && seconds <= 86_400
    }

    static let rule = "the duration must be more than 0 and at most 86400 seconds."
}
