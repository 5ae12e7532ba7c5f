import JSON

extension LoadReport {
    /// The report for a person: one line per measure.
    public var table: String {
        let perSecond = { (count: Int) in "\(Self.grouped(count)), \(Self.grouped(Int((Double(count) / run.durationSeconds).rounded())))/s" }
        var lines = [row("scenario", "\(scenario), \(run.summary)"), row("responses", perSecond(responses))]
        for status in statuses.keys.sorted() {
            let mark = status == successStatus ? (successStatus == 201 ? " (acknowledged)" : " (success)") : ""
            lines.append(row("  \(status)", perSecond(statuses[status] ?? 0) + mark))
        }
        let failures = errors.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.grouped($0.value))" }
        lines.append(row("errors", failures.isEmpty ? "none" : failures.joined(separator: ", ")))
        let quantiles = Self.percentiles.map { "\($0.name) \(Self.milliseconds(latency.value(atPercentile: $0.percent)))" }
        lines.append(row("latency (ms)", (quantiles + ["max \(Self.milliseconds(latency.maximum))"]).joined(separator: "  ")))
        return lines.joined(separator: "\n")
    }

    /// The report for a script: one JSON object; latencies in milliseconds, rounded to microseconds.
    public var json: JSONValue {
        var latencies = JSONObject()
        for percentile in Self.percentiles {
            let key = percentile.name.replacingDots(with: "_")
            latencies[key] = .double(Self.millisecondValue(latency.value(atPercentile: percentile.percent)))
        }
        latencies["max"] = .double(Self.millisecondValue(latency.maximum))
        var statusCounts = JSONObject()
        for status in statuses.keys.sorted() { statusCounts[String(status)] = .int(statuses[status] ?? 0) }
        var errorCounts = JSONObject()
        for kind in errors.keys.sorted() { errorCounts[kind] = .int(errors[kind] ?? 0) }
        return [
            "scenario": .string(scenario),
            "connections": .int(run.connections),
            "warmup_s": .double(run.warmupSeconds),
            "duration_s": .double(run.durationSeconds),
            "responses": .int(responses),
            "responses_per_second": .double((responsesPerSecond * 10).rounded() / 10),
            "success_status": .int(successStatus),
            "successes_per_second": .double((successesPerSecond * 10).rounded() / 10),
            "statuses": .object(statusCounts),
            "errors": .object(errorCounts),
            "latency_ms": .object(latencies),
        ]
    }

    private func row(_ label: String, _ value: String) -> String {
        label + String(repeating: " ", count: max(1, 14 - label.count)) + value
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// Nanoseconds as milliseconds with three decimals: "12.345".
    static func milliseconds(_ nanoseconds: UInt64) -> String {
        let microseconds = (nanoseconds + 500) / 1000
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    static func millisecondValue(_ nanoseconds: UInt64) -> Double {
        Double((nanoseconds + 500) / 1000) / 1000
    }
}

extension String {
    fileprivate func replacingDots(with replacement: Character) -> String {
        String(map { $0 == "." ? replacement : $0 })
    }
}
