import JSON
import Synchronization

/// What the threads of one realtime run share: the plan, the phase barrier, and the few
/// numbers that cross threads (set between phases, or counted with relaxed atomics).
final class RealtimeRun: Sendable {
    let plan: RealtimePlan
    /// The servers connections are spread over (`node(ofReceiver:)`, `node(ofSender:)`).
    let addresses: [ServerAddress]
    let credentials: RealtimeCredentials
    let options: RealtimeLoadOptions
    let threads: Int
    /// Worker threads and the coordinator.
    let barrier: PhaseBarrier
    /// Set when threads could not all be started: everyone leaves after the start barrier.
    let aborted = Atomic<Bool>(false)
    /// Welcomed receivers per chat, added up by the workers before the `connected` barrier.
    let readyReceivers: Mutex<[Int]>
    let readyConnections = Atomic<Int>(0)
    let openAtHoldEnd = Atomic<Int>(0)
    /// CLOCK_MONOTONIC instants the coordinator sets before the workers pass the `planned` barrier.
    let sendStart = Atomic<UInt64>(0)
    let holdEnd = Atomic<UInt64>(0)
    /// Deliveries owed so far (ready receivers of each sent message's chat) and made so far, for
    /// ending the drain as soon as nothing is missing.
    let expectedDeliveries = Atomic<Int>(0)
    let deliveries = Atomic<Int>(0)
    /// Workers done sending.
    let sendersDone = Atomic<Int>(0)
    /// What each worker saw, handed over when its thread ends.
    let tallies = Mutex<[RealtimeTally]>([])
    /// `{"type":"send","chat_id":"<chat>","text":"` per chat, encoded once.
    let sendPrefixes: [[UInt8]]
    /// `","client_id":"<run tag>-`; the message number and `"}` follow.
    let clientIDPrefix: [UInt8]

    init(plan: RealtimePlan, addresses: [ServerAddress], credentials: RealtimeCredentials, options: RealtimeLoadOptions) {
        self.plan = plan
        self.addresses = addresses
        self.credentials = credentials
        self.options = options
        threads = options.threads
        barrier = PhaseBarrier(parties: options.threads + 1)
        readyReceivers = Mutex([Int](repeating: 0, count: plan.chats))
        sendPrefixes = credentials.chatIDs.prefix(plan.chats).map { chatID in
            var prefix = Array(#"{"type":"send","chat_id":"#.utf8)
            JSONEncoding.appendString(chatID, to: &prefix)
            prefix.append(contentsOf: #","text":""#.utf8)
            return prefix
        }
        var clientID = Array(#"","client_id":"#.utf8)
        JSONEncoding.appendString(options.runTag + "-", to: &clientID)
        clientID.removeLast()
        clientIDPrefix = clientID
    }

    /// The server receiver `index` connects to.
    func node(ofReceiver index: Int) -> Int { index % addresses.count }
    /// The server sender `index` connects to: with one sender, the first.
    func node(ofSender index: Int) -> Int { index % addresses.count }
    /// The server message `number` is sent through.
    func node(ofMessage number: Int) -> Int { node(ofSender: plan.sender(ofMessage: number)) }

    /// `{"type":"hello","token":"…","filters":{"chat_id":"…"}}` for connection `index` in `chat`.
    func hello(connection index: Int, chat: Int) -> [UInt8] {
        var hello = Array(#"{"type":"hello","token":"#.utf8)
        JSONEncoding.appendString(credentials.tokens[index % credentials.tokens.count], to: &hello)
        hello.append(contentsOf: #","filters":{"chat_id":"#.utf8)
        JSONEncoding.appendString(credentials.chatIDs[chat], to: &hello)
        hello.append(contentsOf: "}}".utf8)
        return hello
    }

    /// The send command of message `number`, stamped `sentAt`, into its chat.
    func sendCommand(message number: Int, sentAt: UInt64) -> [UInt8] {
        let prefix = sendPrefixes[plan.chat(ofMessage: number)]
        var command: [UInt8] = []
        command.reserveCapacity(prefix.count + clientIDPrefix.count + options.payloadBytes + 64)
        command.append(contentsOf: prefix)
        DeliveryMarker.append(number: number, sentAt: sentAt, payloadBytes: options.payloadBytes, to: &command)
        command.append(contentsOf: clientIDPrefix)
        command.appendDecimal(number)
        command.append(contentsOf: "\"}".utf8)
        return command
    }
}
