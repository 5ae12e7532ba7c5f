/// What one connection saw in the measured window, kept by that connection alone (no lock on the
/// hot path) and merged into the report at the end.
struct ConnectionTally: Sendable {
    var latency = LatencyHistogram()
    /// Responses by status code, indexed by the code (the parser accepts exactly three digits).
    var statuses = [Int](repeating: 0, count: 1000)
    var errors: [String: Int] = [:]

    mutating func record(status: Int, nanoseconds: UInt64) {
        statuses[status] += 1
        latency.record(nanoseconds)
    }

    mutating func record(_ error: ClientError) {
        errors[error.kind, default: 0] += 1
    }
}
