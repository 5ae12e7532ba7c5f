import Clock
/// A scenario worked out into numbers every thread of a run shares: who is in which chat, and
/// which message goes out when, on which sender, into which chat.
struct RealtimePlan: Sendable {
    let receivers: Int
    let senders: Int
    /// Chats in play; receiver `i` is in chat `i % chats`, sender `j` in chat `j % chats`.
    let chats: Int
    /// Messages to send in all, message `k` on sender `k % senders`.
    let messages: Int
    /// Between the due times of two consecutive messages, in nanoseconds (0 when nothing is sent).
    let intervalNanoseconds: Double
    /// How long an idle run holds its connections, in nanoseconds.
    let holdNanoseconds: UInt64
    /// Messages per second offered in all.
    let offeredRate: Double
    let seconds: Double

    var connections: Int { receivers + senders }

    init(_ scenario: RealtimeScenario) throws(RealtimeLoadError) {
        switch scenario {
        case .fanout(let receivers, let senders, let rate, let seconds):
            try self.init(receivers: receivers, senders: senders, chats: 1, rate: rate, seconds: seconds, hold: 0)
        case .rooms(let chats, let receiversPerChat, let senders, let rateEach, let seconds):
            guard (1...100_000).contains(chats) else { throw .invalidSettings("chats must be from 1 to 100000.") }
            guard (0...100_000).contains(receiversPerChat) else {
                throw .invalidSettings("receivers per chat must be from 0 to 100000.")
            }
            try self.init(receivers: chats * receiversPerChat, senders: senders, chats: chats, rate: rateEach * Double(senders),
                          seconds: seconds, hold: 0)
        case .idle(let connections, let seconds):
            try self.init(receivers: connections, senders: 0, chats: 1, rate: 0, seconds: seconds, hold: seconds)
        }
    }

    /// `hold` > 0 is an idle run over `receivers` connections; otherwise `senders` send for `seconds`.
    private init(receivers: Int, senders: Int, chats: Int, rate: Double, seconds: Double, hold: Double) throws(RealtimeLoadError) {
        guard (0...RealtimeLoad.maximumConnections).contains(receivers), (0...RealtimeLoad.maximumConnections).contains(senders),
              receivers + senders <= RealtimeLoad.maximumConnections, receivers + senders > 0 else {
            throw .invalidSettings("between 1 and \(RealtimeLoad.maximumConnections) connections in all.")
        }
        guard LoadDuration.isValid(seconds) else { throw .invalidSettings(LoadDuration.rule) }
        self.receivers = receivers
        self.senders = senders
        self.chats = chats
        self.seconds = seconds
        if hold > 0 {
            messages = 0
            intervalNanoseconds = 0
            offeredRate = 0
            holdNanoseconds = MonotonicClock.nanoseconds(hold)
            return
        }
        guard senders > 0 else { throw .invalidSettings("a scenario that sends needs at least one sender.") }
        guard rate.isFinite, rate > 0, rate <= 10_000_000 else {
            throw .invalidSettings("the send rate must be more than 0 and at most 10000000 messages per second.")
        }
        let planned = (rate * seconds).rounded()
        guard planned >= 1, planned <= 1e9 else { throw .invalidSettings("rate × duration must come to 1 to 10⁹ messages.") }
        messages = Int(planned)
        intervalNanoseconds = 1e9 / rate
        offeredRate = rate
        holdNanoseconds = 0
    }

    func chat(ofReceiver index: Int) -> Int { index % chats }
    func chat(ofSender index: Int) -> Int { index % chats }
    func sender(ofMessage k: Int) -> Int { k % senders }
    func chat(ofMessage k: Int) -> Int { chat(ofSender: sender(ofMessage: k)) }

    /// When message `k` is due, relative to the start of sending.
    func dueOffset(ofMessage k: Int) -> UInt64 { UInt64(Double(k) * intervalNanoseconds) }

    /// Message `k`'s place among the messages of its own chat (0, 1, 2…), so that a receiver can
    /// keep one bit per message of its chat instead of one per message of the run. Chat `c`'s
    /// senders are `c, c + chats, c + 2·chats…`; every round of `senders` messages gives each of
    /// them one.
    func indexInChat(ofMessage k: Int) -> Int {
        let sender = sender(ofMessage: k)
        return (k / senders) * senderCount(inChat: chat(ofSender: sender)) + sender / chats
    }

    /// How many messages of the run go to chat `chat`.
    func messages(inChat chat: Int) -> Int {
        guard senders > 0 else { return 0 }
        let rounds = messages / senders
        let leftover = messages % senders
        let inLeftover = leftover > chat ? (leftover - chat + chats - 1) / chats : 0
        return rounds * senderCount(inChat: chat) + inLeftover
    }

    /// Deliveries the run offers: every message to every receiver of its chat.
    var plannedDeliveries: Int {
        (0..<chats).reduce(0) { total, chat in
            total + (receivers > chat ? (receivers - chat + chats - 1) / chats : 0) * messages(inChat: chat)
        }
    }

    private func senderCount(inChat chat: Int) -> Int {
        senders > chat ? (senders - chat + chats - 1) / chats : 0
    }
}
