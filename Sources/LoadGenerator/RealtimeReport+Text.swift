import JSON

extension RealtimeReport {
    /// The report for a person: one line per measure, in the words of `LoadReport.table`.
    public var table: String {
        let grouped = LoadReport.grouped
        var lines = [row("scenario", "\(scenario.name): \(setting)")]
        var connected = "\(grouped(connectionsAttempted)) attempted, \(grouped(connectionsEstablished)) upgraded, "
            + "\(grouped(connectionsReady)) welcomed in \(Self.seconds(connectSeconds)) s"
        if connectionsReady > 0 {
            connected += " (handshake to welcome p50 \(LoadReport.milliseconds(handshakeLatency.value(atPercentile: 50))) ms, "
                + "p99 \(LoadReport.milliseconds(handshakeLatency.value(atPercentile: 99))) ms)"
        }
        lines.append(row("connections", connected))
        if let openAtHoldEnd {
            lines.append(row("held open", "\(grouped(openAtHoldEnd)) of \(grouped(connectionsReady)) at the end of the hold"))
        }
        if messagesPlanned > 0 {
            lines.append(row("messages", "\(grouped(messagesSent)) of \(grouped(messagesPlanned)) sent "
                + "(\(grouped(Int(achievedMessagesPerSecond.rounded())))/s), \(grouped(acks)) acknowledged"))
            let share = deliveriesExpected > 0 ? Double(deliveries) / Double(deliveriesExpected) * 100 : 0
            lines.append(row("deliveries", "\(grouped(deliveries)) of \(grouped(deliveriesExpected)) (\(Self.percent(share)) %), "
                + "\(grouped(Int(deliveriesPerSecond.rounded())))/s over \(Self.seconds(windowSeconds)) s"))
            lines.append(row("exactly once", "missing \(grouped(missing)), duplicates \(grouped(duplicates)), "
                + "foreign \(grouped(foreign)), stale \(grouped(stale))"))
            lines.append(row("latency (ms)", Self.quantiles(latency)))
            if servers > 1 {
                lines.append(row("cross-node", "\(grouped(Int(crossNodeLatency.count))) deliveries (ms): \(Self.quantiles(crossNodeLatency))"))
            }
            lines.append(row("ack (ms)", Self.quantiles(ackLatency)))
        }
        lines.append(row("errors", Self.counts(errors)))
        lines.append(row("error frames", Self.counts(serverErrors)))
        if otherFrames > 0 { lines.append(row("other frames", grouped(otherFrames))) }
        for sample in errorSamples { lines.append(row("", sample)) }
        return lines.joined(separator: "\n")
    }

    /// The report for a script: one JSON object; latencies in milliseconds, rounded to microseconds.
    public var json: JSONValue {
        var connections: JSONObject = [
            "attempted": .int(connectionsAttempted), "established": .int(connectionsEstablished), "ready": .int(connectionsReady),
        ]
        if let openAtHoldEnd { connections["open_at_hold_end"] = .int(openAtHoldEnd) }
        var report: JSONObject = [
            "scenario": .string(scenario.name),
            "receivers": .int(receivers),
            "senders": .int(senders),
            "chats": .int(chats),
            "threads": .int(threads),
            "servers": .int(servers),
            "payload_bytes": .int(payloadBytes),
            "offered_messages_per_second": .double(Self.tenths(offeredMessagesPerSecond)),
            "offered_deliveries_per_second": .double(Self.tenths(offeredDeliveriesPerSecond)),
            "connections": .object(connections),
            "connect_s": .double(Self.thousandths(connectSeconds)),
            "handshake_ms": Self.latencyObject(handshakeLatency),
            "errors": Self.countObject(errors),
            "error_frames": Self.countObject(serverErrors),
            "other_frames": .int(otherFrames),
            "error_samples": .array(errorSamples.map { .string($0) }),
        ]
        switch scenario {
        case .fanout(_, _, _, let seconds), .rooms(_, _, _, _, let seconds): report["duration_s"] = .double(seconds)
        case .idle(_, let seconds): report["hold_s"] = .double(seconds)
        }
        if messagesPlanned > 0 {
            report["messages"] = [
                "planned": .int(messagesPlanned), "sent": .int(messagesSent), "acknowledged": .int(acks),
                "achieved_per_second": .double(Self.tenths(achievedMessagesPerSecond)),
            ]
            report["deliveries"] = [
                "expected": .int(deliveriesExpected), "received": .int(deliveries), "missing": .int(missing),
                "duplicates": .int(duplicates), "foreign": .int(foreign), "stale": .int(stale),
                "per_second": .double(Self.tenths(deliveriesPerSecond)), "window_s": .double(Self.thousandths(windowSeconds)),
            ]
            report["latency_ms"] = Self.latencyObject(latency)
            report["ack_latency_ms"] = Self.latencyObject(ackLatency)
            if servers > 1 { report["cross_node_latency_ms"] = Self.latencyObject(crossNodeLatency) }
        }
        report["clean"] = .bool(isClean)
        return .object(report)
    }

    /// "200 receivers in 1 chat, 1 sender, 2,500 msg/s for 10 s (500,000 deliveries/s offered)"
    private var setting: String {
        let grouped = LoadReport.grouped
        let people = "\(grouped(receivers)) receiver\(receivers == 1 ? "" : "s") in \(grouped(chats)) chat\(chats == 1 ? "" : "s")"
        switch scenario {
        case .idle(let connections, let seconds):
            return "\(grouped(connections)) connection\(connections == 1 ? "" : "s") held \(LoadRun.seconds(seconds)) s"
        case .fanout(_, _, _, let seconds), .rooms(_, _, _, _, let seconds):
            return "\(people), \(grouped(senders)) sender\(senders == 1 ? "" : "s"), "
                + "\(Self.rate(offeredMessagesPerSecond)) msg/s for \(LoadRun.seconds(seconds)) s "
                + "(\(grouped(Int(offeredDeliveriesPerSecond.rounded()))) deliveries/s offered), \(threads) thread\(threads == 1 ? "" : "s")"
                + (servers > 1 ? ", over \(servers) servers" : "")
        }
    }

    private func row(_ label: String, _ value: String) -> String {
        label + String(repeating: " ", count: max(1, 14 - label.count)) + value
    }

    private static func quantiles(_ histogram: LatencyHistogram) -> String {
        guard histogram.count > 0 else { return "none" }
        let values = LoadReport.percentiles.map { "\($0.name) \(LoadReport.milliseconds(histogram.value(atPercentile: $0.percent)))" }
        return (values + ["max \(LoadReport.milliseconds(histogram.maximum))"]).joined(separator: "  ")
    }

    private static func latencyObject(_ histogram: LatencyHistogram) -> JSONValue {
        var object = JSONObject()
        for percentile in LoadReport.percentiles {
            object[String(percentile.name.map { $0 == "." ? "_" : $0 })] =
                .double(LoadReport.millisecondValue(histogram.value(atPercentile: percentile.percent)))
        }
        object["max"] = .double(LoadReport.millisecondValue(histogram.maximum))
        object["count"] = .int(Int(histogram.count))
        return .object(object)
    }

    private static func counts(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \(LoadReport.grouped($0.value))" }.joined(separator: ", ")
    }

    private static func countObject(_ counts: [String: Int]) -> JSONValue {
        var object = JSONObject()
        for key in counts.keys.sorted() { object[key] = .int(counts[key] ?? 0) }
        return .object(object)
    }

    private static func tenths(_ value: Double) -> Double { (value * 10).rounded() / 10 }
    private static func thousandths(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    /// "12.345" (three decimals, trailing zeros kept).
    private static func seconds(_ value: Double) -> String {
        let millis = Int((value * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    private static func percent(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = String(hundredths % 100)
        return "\(hundredths / 100)." + String(repeating: "0", count: 2 - fraction.count) + fraction
    }

    private static func rate(_ value: Double) -> String {
        value == value.rounded() ? LoadReport.grouped(Int(value)) : String(value)
    }
}
