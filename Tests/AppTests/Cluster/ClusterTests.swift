import Glibc
import JSON
import LoadGenerator
import Synchronization
import Testing
import TestSupport

/// Issue 15, points 3, 4 and 6: three `webchat serve` processes on one PostgreSQL database, and
/// clients that talk to any of them, a different one at any moment (contract §12). Every reader
/// must end with exactly the log: each event once, in increasing id order, whichever nodes it
/// read through and whichever nodes committed meanwhile.
///
/// Serialized: each test runs three servers and a dozen clients, which is the whole of a
/// two-core machine.
@Suite(.serialized) struct ClusterTests {
    @Test func aMessageSentThroughOneNodeReachesSubscribersOnTheOthers() async throws {
        try await withCluster { cluster in
            let site = try cluster.createWebsite()
            let agent = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "agent")
            let subscribers = try cluster.nodes.dropFirst().map { try $0.realtime(agent) }
            let visitor = TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "visitor")
            let sent = try cluster.nodes[0].caller(visitor).sendMessage("hello from node A")
            var eventIDs: Set<String> = []
            for subscriber in subscribers {
                let events = try subscriber.events { $0.createdMessageID != nil }
                let received = try #require(events.last)
                #expect(received.createdMessageID == sent["id"]?.stringValue)
                #expect(received["data"]?["text"]?.stringValue == "hello from node A")
                eventIDs.insert(received["id"]?.stringValue ?? "")
            }
            #expect(eventIDs.count == 1, "the nodes gave one event different ids: \(eventIDs)")
        }
    }

    @Test func pollingThatAlternatesNodesMissesNothingAndGetsNothingTwice() async throws {
        try await withCluster { cluster in
            let traffic = try ClusterTraffic(cluster)
            let polled = Mutex<[JSONValue]>([])
            let acknowledged = try traffic.run(senders: 3, count: 60, node: Self.randomNode, readers: 1) { _ in
                var cursor = traffic.start
                var events: [JSONValue] = []
                var round = 0
                // A safety net against a test that hangs, should the end message never come.
                let deadline = ContinuousClock.now + .seconds(120)
                while !events.contains(where: ClusterTraffic.isEnd) {
                    guard ContinuousClock.now < deadline else { throw RawClient.Failure(description: "the end message never came") }
                    let node = cluster.nodes[round % cluster.nodes.count]
                    let page = try node.caller(traffic.reader).poll(cursor: cursor)
                    events += page.events
                    cursor = page.cursor
                    round += 1
                }
                polled.withLock { $0 = events }
            }
            let reference = try traffic.reference(messages: acknowledged)
            ClusterTraffic.expect(polled.withLock { $0 }, toBe: reference, "the alternating poller")
            // A cursor ahead of a node's hub is fine (another node's), one past the log is not.
            let epoch = traffic.start.split(separator: ".")[0]
            let pastTheLog = "\(epoch).\((reference.last?.logPosition ?? 0) + 1000)"
            #expect(try cluster.nodes[1].caller(traffic.reader).call("GET", "/api/v1/events?cursor=\(pastTheLog)").errorCode == "cursor_expired")
        }
    }

    @Test func aWebSocketThatReconnectsToAnotherNodeWithItsCursorMissesNothing() async throws {
        try await withCluster { cluster in
            let traffic = try ClusterTraffic(cluster)
            let received = Mutex<[JSONValue]>([])
            let acknowledged = try traffic.run(senders: 3, count: 60, node: Self.randomNode, readers: 1) { _ in
                var random = SplitMix64(seed: 15)
                var cursor = traffic.start
                var events: [JSONValue] = []
                var connection = 0
                // Each connection reads a few events, then the client drops it and says hello
                // to the next node with the id of the last event it got.
                while !events.contains(where: ClusterTraffic.isEnd) {
                    let client = try cluster.nodes[connection % cluster.nodes.count].realtime(traffic.reader, cursor: cursor)
                    for _ in 0..<Int.random(in: 1...40, using: &random) {
                        let event = try client.nextEvent()
                        events.append(event)
                        cursor = event["id"]?.stringValue ?? cursor
                        if ClusterTraffic.isEnd(event) { break }
                    }
                    connection += 1
                }
                received.withLock { $0 = events }
            }
            let reference = try traffic.reference(messages: acknowledged)
            ClusterTraffic.expect(received.withLock { $0 }, toBe: reference, "the reconnecting WebSocket")
        }
    }

    @Test func concurrentSendersOnEveryNodeGiveEveryReceiverOneSequence() async throws {
        try await withCluster { cluster in
            let traffic = try ClusterTraffic(cluster)
            let nodeCount = cluster.nodes.count
            // Receivers say hello before anything is sent, so they get every event live.
            let receivers = try cluster.nodes.map { try $0.realtime(traffic.reader, cursor: traffic.start) }
            let received = Mutex<[[JSONValue]]>(Array(repeating: [], count: nodeCount))
            // Three senders per node, each always through its own node.
            let acknowledged = try traffic.run(senders: 3 * nodeCount, count: 40, node: { sender, _ in sender % nodeCount },
                                               readers: nodeCount) { index in
                let events = try receivers[index].events(until: ClusterTraffic.isEnd)
                received.withLock { $0[index] = events }
            }
            let reference = try traffic.reference(messages: acknowledged)
            for (index, events) in received.withLock({ $0 }).enumerated() {
                ClusterTraffic.expect(events, toBe: reference, "the receiver on node \(index)")
            }
        }
    }

    @Test func killingANodeMidBurstLosesNoAcknowledgedMessage() async throws {
        try await withCluster { cluster in
            let traffic = try ClusterTraffic(cluster)
            let victim = cluster.nodes[0]
            // A receiver on the node that dies, which then resumes on another with its cursor.
            let firstConnection = try victim.realtime(traffic.reader, cursor: traffic.start)
            let killed = Atomic<Bool>(false)
            let acknowledged = Mutex<[String: Int]>([:])
            let received = Mutex<[JSONValue]>([])
            let senders = 6
            let finished = Atomic<Int>(0)
            try onThreads(senders + 2) { index in
                switch index {
                case senders:
                    while acknowledged.withLock({ $0.count }) < 150 && finished.load(ordering: .acquiring) < senders { usleep(1000) }
                    killed.store(true, ordering: .releasing)
                    victim.stop(SIGKILL)
                case senders + 1:
                    var events = try Self.eventsUntilClosed(firstConnection)
                    let closedByTheKill = killed.load(ordering: .acquiring)
                    #expect(closedByTheKill, "the connection closed before its node was killed")
                    let resumed = try cluster.nodes[1].realtime(traffic.reader, cursor: events.last?["id"]?.stringValue ?? traffic.start)
                    events += try resumed.events(until: ClusterTraffic.isEnd)
                    received.withLock { $0 = events }
                default:
                    // Each sender sends through one node; those of the victim stop once it is gone.
                    let node = cluster.nodes[index % cluster.nodes.count]
                    let visitor = TestApp.token(website: traffic.site.id, secret: traffic.site.secret, role: "visitor", sub: "v\(index)")
                    let sent = Result<Void, any Error> {
                        var chat: String?
                        for number in 0..<100 {
                            let message: JSONValue
                            do {
                                message = try node.caller(visitor).sendMessage("m\(number)", chat: chat)
                            } catch where node === victim && killed.load(ordering: .acquiring) {
                                return
                            }
                            chat = message["chat_id"]?.stringValue
                            acknowledged.withLock { $0[message["id"]?.stringValue ?? ""] = message["seq"]?.intValue }
                        }
                    }
                    // The end goes out also after a failure, so that the receiver stops waiting.
                    if finished.add(1, ordering: .acquiringAndReleasing).newValue == senders { try traffic.sendEnd() }
                    try sent.get()
                }
            }
            #expect(victim.hasEnded)
            let acked = acknowledged.withLock { $0 }
            #expect(acked.count >= 150)
            let admin = TestApp.token(website: traffic.site.id, secret: traffic.site.secret, role: "admin", sub: "boss")
            let stored = try cluster.nodes[1].caller(admin).storedMessages()
            for (id, seq) in acked {
                #expect(stored[id] == seq, "acknowledged message \(id) is missing after the node was killed")
            }
            // The log holds every stored message (acknowledged or not: the victim may have
            // committed a send it could not answer), and the receiver got all of it.
            let reference = try traffic.reference(messages: Set(stored.keys))
            ClusterTraffic.expect(received.withLock { $0 }, toBe: reference, "the receiver that moved off the killed node")
        }
    }

    /// Any of the three nodes, at random: each request of a client may go elsewhere.
    @Sendable static func randomNode(_ sender: Int, _ number: Int) -> Int {
        Int.random(in: 0..<3)
    }

    /// Every event until the server ends the connection.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    static func eventsUntilClosed(_ client: RealtimeClient) throws -> [JSONValue] {
        var events: [JSONValue] = []
        while true {
            do {
                events.append(try client.nextEvent())
            } catch is RealtimeClient.Closed {
                return events
            }
        }
    }
}
