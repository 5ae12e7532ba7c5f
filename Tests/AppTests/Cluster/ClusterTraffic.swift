import JSON
import Synchronization
import Testing
import TestSupport

/// Visitors sending messages through the nodes of a cluster while readers follow the log, and
/// the checks that every reader got exactly the log: each event once, in increasing id order.
///
/// Readers are bots: they see every chat of the website and get no presence, so what they
/// receive is the persisted log, which the test reads again at the end as the reference.
struct ClusterTraffic: Sendable {
    let cluster: Cluster
    let site: (id: String, secret: String)
    /// The readers' token.
    let reader: String
    /// The cursor before anything was sent.
    let start: String

    /// The text of the message sent after every sender finished: a reader that received it has
    /// received everything, since ids are committed in order across nodes.
    static let endText = "end-of-traffic"

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    init(_ cluster: Cluster) throws {
        self.cluster = cluster
        site = try cluster.createWebsite()
        reader = TestApp.token(website: site.id, secret: site.secret, role: "bot", sub: "reader")
        start = try cluster.nodes[0].caller(reader).poll(cursor: nil).cursor
    }

    /// Runs `senders` visitors, each sending `count` messages into a chat of its own, message
    /// `number` of sender `index` through the node `node(index, number)`, alongside `readers`
    /// threads running `read(index)`; once every sender is done, the end message goes out
    /// through the last node, also when a sender failed, so that no reader waits for it in
    /// vain. Returns the ids of the acknowledged messages.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func run(senders: Int, count: Int, node: @escaping @Sendable (Int, Int) -> Int, readers: Int,
             read: @escaping @Sendable (Int) throws -> Void) throws -> Set<String> {
        let acknowledged = Mutex<Set<String>>([])
        let finished = Atomic<Int>(0)
        try onThreads(senders + readers) { index in
            guard index < senders else { return try read(index - senders) }
            let visitor = TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v\(index)")
            let sent = Result<Void, any Error> {
                var chat: String?
                for number in 0..<count {
                    let message = try cluster.nodes[node(index, number)].caller(visitor).sendMessage("m\(number)", chat: chat)
                    chat = message["chat_id"]?.stringValue
                    acknowledged.withLock { _ = $0.insert(message["id"]?.stringValue ?? "") }
                }
            }
            if finished.add(1, ordering: .acquiringAndReleasing).newValue == senders { try sendEnd() }
            try sent.get()
        }
        return acknowledged.withLock { $0 }
    }

    /// Sends the end message through the last node.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func sendEnd() throws {
        let closer = TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "closer")
        try cluster.nodes[cluster.nodes.count - 1].caller(closer).sendMessage(Self.endText)
    }

    static func isEnd(_ event: JSONValue) -> Bool {
        event["type"]?.stringValue == "message.created" && event["data"]?["text"]?.stringValue == endText
    }

    /// The log since `start`, read through the first node still running once all is sent,
    /// expecting it to hold the events of `messages` (the acknowledged ones, or all stored) and
    /// of the end message, each once, and nothing else, in strictly increasing id order.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func reference(messages expected: Set<String>) throws -> [JSONValue] {
        let node = try #require(cluster.nodes.first { !$0.hasEnded })
        let log = try node.caller(reader).log(after: start)
        let messages = log.compactMap(\.createdMessageID)
        #expect(messages.count == Set(messages).count, "a message has two events in the log")
        #expect(Set(messages) == expected.union(log.filter(Self.isEnd).compactMap(\.createdMessageID)))
        #expect(log.filter(Self.isEnd).count == 1)
        Self.expectIncreasing(log, "the log")
        return log
    }

    /// Expects `received` to be exactly `reference`: nothing missed, nothing twice, same order.
    static func expect(_ received: [JSONValue], toBe reference: [JSONValue], _ who: String) {
        let ids = received.compactMap { $0["id"]?.stringValue }
        let expected = reference.compactMap { $0["id"]?.stringValue }
        #expect(ids.count == Set(ids).count, "\(who) got an event twice")
        #expect(Set(expected).subtracting(ids).isEmpty, "\(who) missed \(Set(expected).subtracting(ids).sorted())")
        #expect(ids == expected, "\(who) did not get the log's events in its order")
        expectIncreasing(received, who)
    }

    /// Expects event ids to increase strictly.
    static func expectIncreasing(_ events: [JSONValue], _ who: String) {
        let positions = events.compactMap(\.logPosition)
        #expect(positions.count == events.count, "\(who) got an event without a log position")
        #expect(zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 }, "\(who): event ids do not increase strictly")
    }
}
