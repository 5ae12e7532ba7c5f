import JSON

/// The result of a run: throughput, responses by status, failures by kind, and the latency
/// distribution of the responses (failures are counted, not timed).
public struct LoadReport: Sendable {
    public let scenario: String
    public let run: LoadRun
    /// The status that counts as success in this scenario (201 = acknowledged for sends).
    public let successStatus: Int
    /// Responses by status code.
    public let statuses: [Int: Int]
    /// Failed exchanges by `ClientError.kind`.
    public let errors: [String: Int]
    /// Latency of each response, in nanoseconds.
    public let latency: LatencyHistogram

    init(run: LoadRun, scenario: some Scenario, tally: ConnectionTally) {
        self.scenario = scenario.name
        self.run = run
        successStatus = scenario.successStatus
        var statuses: [Int: Int] = [:]
        for (status, count) in tally.statuses.enumerated() where count > 0 { statuses[status] = count }
        self.statuses = statuses
        errors = tally.errors
        latency = tally.latency
    }

    public var responses: Int { statuses.values.reduce(0, +) }
    public var successes: Int { statuses[successStatus] ?? 0 }
    public var responsesPerSecond: Double { Double(responses) / run.durationSeconds }
    public var successesPerSecond: Double { Double(successes) / run.durationSeconds }

    /// There were responses, every one had the success status, and no exchange failed.
    public var isClean: Bool { errors.isEmpty && statuses.keys.allSatisfy { $0 == successStatus } && successes > 0 }

    /// The latency percentiles the report shows, with their names.
    public static let percentiles: [(name: String, percent: Double)] = [("p50", 50), ("p90", 90), ("p99", 99), ("p99.9", 99.9)]
}
