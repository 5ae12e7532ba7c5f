/// The result of a realtime run: how many connections made it, what was sent, and for the
/// deliveries — how many, how fast, how late, and whether each arrived exactly once.
public struct RealtimeReport: Sendable {
    public let scenario: RealtimeScenario
    public let receivers: Int
    public let senders: Int
    public let chats: Int
    public let threads: Int
    /// Servers the connections were spread over.
    public let servers: Int
    public let payloadBytes: Int
    /// Messages per second offered, and deliveries per second that makes.
    public let offeredMessagesPerSecond: Double
    public let offeredDeliveriesPerSecond: Double

    public let connectionsAttempted: Int
    /// Connections that got their `101`.
    public let connectionsEstablished: Int
    /// Connections that were welcomed before the connect deadline.
    public let connectionsReady: Int
    /// From the first connect to the last welcome (or the deadline).
    public let connectSeconds: Double
    /// From starting to connect to the welcome, per ready connection, in nanoseconds.
    public let handshakeLatency: LatencyHistogram
    /// For an idle run: connections still open and welcomed when the hold ended.
    public let openAtHoldEnd: Int?

    public let messagesPlanned: Int
    public let messagesSent: Int
    /// From the first send to the last.
    public let sendSeconds: Double
    public let acks: Int
    /// Send → `ack`, in nanoseconds: how long the server took to commit a message.
    public let ackLatency: LatencyHistogram

    /// Every sent message times the ready receivers of its chat.
    public let deliveriesExpected: Int
    /// Messages that reached a receiver of their chat, counted once per receiver.
    public let deliveries: Int
    /// Deliveries owed that had not arrived when the drain ended (late ones count as missing).
    public let missing: Int
    public let duplicates: Int
    /// Messages that reached a receiver of another chat: a leak across filters.
    public let foreign: Int
    /// Markers from before this run's sending began.
    public let stale: Int
    /// From the first send to the last delivery: the window throughput is measured over.
    public let windowSeconds: Double
    /// Send → `message.created` at a receiver, per delivery, in nanoseconds.
    public let latency: LatencyHistogram
    /// The same for the deliveries whose receiver was on another server than the message's
    /// sender (empty with one server).
    public let crossNodeLatency: LatencyHistogram
    /// Text frames that were neither deliveries, acks, welcomes nor errors.
    public let otherFrames: Int

    /// Connection failures by kind: `connect`, `handshake`, `hello`, `timeout`,
    /// `closed_by_server`, `protocol`, `io`, `send_skipped`.
    public let errors: [String: Int]
    /// The protocol's error frames by `code` (`rate_limited`, `unauthorized`…).
    public let serverErrors: [String: Int]
    /// The first few failures in words.
    public let errorSamples: [String]

    public var deliveriesPerSecond: Double { windowSeconds > 0 ? Double(deliveries) / windowSeconds : 0 }
    public var achievedMessagesPerSecond: Double { sendSeconds > 0 ? Double(messagesSent - 1) / sendSeconds : 0 }

    /// Every connection was welcomed, every message sent, and every delivery made exactly once,
    /// with no failure and no error frame.
    public var isClean: Bool {
        connectionsReady == connectionsAttempted && messagesSent == messagesPlanned && missing == 0 && duplicates == 0
            && foreign == 0 && errors.isEmpty && serverErrors.isEmpty && (openAtHoldEnd ?? connectionsReady) == connectionsReady
    }

    init(scenario: RealtimeScenario, plan: RealtimePlan, options: RealtimeLoadOptions, servers: Int, tally: RealtimeTally,
         connectSeconds: Double) {
        self.scenario = scenario
        receivers = plan.receivers
        senders = plan.senders
        chats = plan.chats
        threads = options.threads
        self.servers = servers
        payloadBytes = options.payloadBytes
        offeredMessagesPerSecond = plan.offeredRate
        offeredDeliveriesPerSecond = plan.messages > 0 ? Double(plan.plannedDeliveries) / plan.seconds : 0
        connectionsAttempted = plan.connections
        connectionsEstablished = tally.established
        connectionsReady = tally.ready
        self.connectSeconds = connectSeconds
        handshakeLatency = tally.handshakeLatency
        openAtHoldEnd = plan.holdNanoseconds > 0 ? tally.openAtHoldEnd : nil
        messagesPlanned = plan.messages
        messagesSent = tally.sent.reduce(0, +)
        sendSeconds = messagesSent > 1 ? Double(tally.lastSend - tally.firstSend) / 1e9 : 0
        acks = tally.acks
        ackLatency = tally.ackLatency
        deliveriesExpected = zip(tally.readyReceivers, tally.sent).reduce(0) { $0 + $1.0 * $1.1 }
        deliveries = tally.deliveries
        missing = deliveriesExpected - tally.deliveries
        duplicates = tally.duplicates
        foreign = tally.foreign
        stale = tally.stale
        windowSeconds = messagesSent > 0 ? Double(max(tally.lastDelivery, tally.lastSend) - tally.firstSend) / 1e9 : 0
        latency = tally.deliveryLatency
        crossNodeLatency = tally.crossNodeLatency
        otherFrames = tally.otherFrames
        errors = tally.errors
        serverErrors = tally.serverErrors
        errorSamples = tally.errorSamples
    }
}
