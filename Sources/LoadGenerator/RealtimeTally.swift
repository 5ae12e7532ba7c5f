/// What one thread of a realtime run saw, kept by that thread alone (no lock on the hot path)
/// and merged into the report at the end.
struct RealtimeTally: Sendable {
    /// Connections that got their `101`, and those that were welcomed in time.
    var established = 0
    var ready = 0
    /// From starting to connect to the welcome, per ready connection.
    var handshakeLatency = LatencyHistogram()
    /// Welcomed receivers per chat: each should get every message sent to its chat.
    var readyReceivers: [Int]
    /// Messages sent per chat.
    var sent: [Int]
    var firstSend = UInt64.max
    var lastSend: UInt64 = 0
    var acks = 0
    var ackLatency = LatencyHistogram()
    /// First arrivals of a message at a receiver of its chat, and their send → receive time.
    var deliveries = 0
    var deliveryLatency = LatencyHistogram()
    /// The deliveries to a receiver on another server than the message's sender, timed alone:
    /// what a cluster adds (the commit's notification to the other node and its read of the log).
    var crossNodeLatency = LatencyHistogram()
    var lastDelivery: UInt64 = 0
    /// A message a receiver already had.
    var duplicates = 0
    /// A message of another chat (or not of this run's plan) at a receiver: a leak across filters.
    var foreign = 0
    /// A marker sent before this run's sending began (an earlier run's message replayed).
    var stale = 0
    /// Text frames that are neither deliveries, acks, welcomes nor errors.
    var otherFrames = 0
    /// Connection failures by kind (`connect`, `handshake`, `hello`, `timeout`, `closed_by_server`,
    /// `protocol`, `io`, `send_skipped`).
    var errors: [String: Int] = [:]
    /// The protocol's `{"type":"error"}` frames by `code`, e.g. `rate_limited`.
    var serverErrors: [String: Int] = [:]
    /// The first few failures in words, for the report.
    var errorSamples: [String] = []
    /// Connections open and welcomed when an idle hold ended.
    var openAtHoldEnd = 0

    static let maximumSamples = 5

    init(chats: Int) {
        readyReceivers = [Int](repeating: 0, count: chats)
        sent = [Int](repeating: 0, count: chats)
    }

    mutating func fail(_ kind: String, connection: Int, _ detail: String) {
        errors[kind, default: 0] += 1
        if errorSamples.count < Self.maximumSamples { errorSamples.append("connection \(connection): \(kind): \(detail)") }
    }

    mutating func merge(_ other: RealtimeTally) {
        established += other.established
        ready += other.ready
        handshakeLatency.merge(other.handshakeLatency)
        for chat in readyReceivers.indices {
            readyReceivers[chat] += other.readyReceivers[chat]
            sent[chat] += other.sent[chat]
        }
        firstSend = min(firstSend, other.firstSend)
        lastSend = max(lastSend, other.lastSend)
        acks += other.acks
        ackLatency.merge(other.ackLatency)
        deliveries += other.deliveries
        deliveryLatency.merge(other.deliveryLatency)
        crossNodeLatency.merge(other.crossNodeLatency)
        lastDelivery = max(lastDelivery, other.lastDelivery)
        duplicates += other.duplicates
        foreign += other.foreign
        stale += other.stale
        otherFrames += other.otherFrames
        errors.merge(other.errors, uniquingKeysWith: +)
        serverErrors.merge(other.serverErrors, uniquingKeysWith: +)
        errorSamples += other.errorSamples.prefix(Self.maximumSamples - min(errorSamples.count, Self.maximumSamples))
        openAtHoldEnd += other.openAtHoldEnd
    }
}
