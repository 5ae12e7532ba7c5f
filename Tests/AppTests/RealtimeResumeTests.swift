import Glibc
import JSON
import LoadGenerator
import Realtime
import Synchronization
import Testing
import TestSupport

/// Resume is exact in both modes: readers that lose their connection at random points of a
/// stream of thousands of messages, and switch between WebSocket and polling as they go, end up
/// with exactly the log's events, each once, in order — also when every poll and replay chunk
/// may look at only a few dozen rows and a replay may hold only a few live events, so that
/// polls stop early with `has_more`, replays take many chunks, and held events overflow into
/// a longer replay.
@Suite struct RealtimeResumeTests {
    static let senders = 3
    static let messagesPerSender = 700

    static var tightBounds: HubConfiguration {
        var configuration = HubConfiguration()
        configuration.scanLimit = 40
        configuration.replayChunkEvents = 25
        configuration.heldEventsPerReplay = 8
        return configuration
    }

    @Test(arguments: [(seed: UInt64(1), filters: "", tight: false), (seed: UInt64(2), filters: "metadata__lane=1", tight: false),
                      (seed: UInt64(3), filters: "", tight: true), (seed: UInt64(4), filters: "metadata__lane=1", tight: true)])
    func readersThatDropAndSwitchModesMissNothingAndSeeNothingTwice(seed: UInt64, filters: String, tight: Bool) async throws {
        try await withApp(realtime: tight ? Self.tightBounds : HubConfiguration()) { app in
            let site = try app.createWebsite()
            // Bots see every chat and announce no presence: the stream is the persisted log.
            let reader = app.caller(site, role: "bot", sub: "reader")
            let start = try reader.poll(cursor: nil, query: filters).cursor
            let filtersJSON = filters.isEmpty ? "{}" : #"{"metadata__lane":1}"#

            let received = Mutex<[[String]]>(Array(repeating: [], count: 3))
            let rounds = Mutex<[Int]>(Array(repeating: 0, count: 3))
            let sendersDone = Atomic<Int>(0)
            try onThreads(Self.senders + 3) { index in
                if index < Self.senders {
                    let visitor = app.caller(site, role: "visitor", sub: "v\(index)")
                    let chat = try visitor.sendMessage("first", metadata: #"{"lane":\#(index % 2)}"#)
                    let chatID = chat["chat_id"]?.stringValue ?? ""
                    for number in 1..<Self.messagesPerSender { try visitor.sendMessage("m\(number)", chat: chatID) }
                    // The last sender to finish ends the stream with a message every reader sees.
                    if sendersDone.add(1, ordering: .acquiringAndReleasing).newValue == Self.senders {
                        try app.caller(site, role: "visitor", sub: "closer").sendMessage("done", metadata: #"{"lane":1}"#)
                    }
                    return
                }
                let readerIndex = index - Self.senders
                var random = SplitMix64(seed: seed &* 31 &+ UInt64(readerIndex))
                var cursor = start
                var ids: [String] = []
                var sawEnd = false
                var roundCount = 0
                while !sawEnd {
                    roundCount += 1
                    if Bool.random(using: &random) {
                        sawEnd = try Self.readOverWebSocket(app, token: reader.token, filters: filtersJSON, cursor: &cursor, into: &ids,
                                                            count: Int.random(in: 0...400, using: &random))
                    } else {
                        let page = try reader.poll(cursor: cursor, query: filters + (filters.isEmpty ? "" : "&") + "limit=\(Int.random(in: 1...300, using: &random))")
                        ids += page.events.compactMap { $0["id"]?.stringValue }
                        sawEnd = page.events.contains(where: Self.isEnd)
                        cursor = page.cursor
                    }
                }
                received.withLock { $0[readerIndex] = ids }
                rounds.withLock { $0[readerIndex] = roundCount }
            }
            // The log's events for this audience, read in one go.
            var reference: [String] = []
            var cursor = start
            while true {
                let page = try reader.poll(cursor: cursor, query: filters + (filters.isEmpty ? "" : "&") + "limit=1000")
                if page.events.isEmpty && !page.hasMore { break }
                reference += page.events.compactMap { $0["id"]?.stringValue }
                cursor = page.cursor
            }
            #expect(reference.count >= (filters.isEmpty ? Self.senders * Self.messagesPerSender : Self.messagesPerSender))
            #expect(reference.last == received.withLock { $0[0].last })
            // Every reader switched connections and modes many times while the stream was written.
            #expect(rounds.withLock { $0 }.allSatisfy { $0 >= 10 })
            for ids in received.withLock({ $0 }) {
                #expect(Set(ids).count == ids.count, "an event arrived twice")
                let firstDifference = zip(ids, reference).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ids.count, reference.count)
                #expect(ids == reference, "received \(ids.count), log \(reference.count), first difference at \(firstDifference): \(ids.dropFirst(firstDifference).prefix(3)) vs \(reference.dropFirst(firstDifference).prefix(3))")
            }
        }
    }

    /// The message that ends the stream.
    static func isEnd(_ event: JSONValue) -> Bool {
        event["type"]?.stringValue == "message.created" && event["data"]?["text"]?.stringValue == "done"
    }

    /// Connects with the cursor, reads up to `count` events, then drops the connection without a
    /// close handshake — sometimes before the welcome even came. Returns whether the end came.
    static func readOverWebSocket(_ app: TestApp, token: String, filters: String, cursor: inout String, into ids: inout [String], count: Int) throws -> Bool {
        let client = try RealtimeClient(app)
        try client.send(#"{"type":"hello","token":"\#(token)","cursor":"\#(cursor)","filters":\#(filters)}"#)
        guard count > 0 else { return false }
        _ = try client.next()
        var read = 0
        while read < count {
            // Wait for more only while something may still come: a ping's pong says the live
            // stream has caught up with everything routed before it; then reconnect later.
            try client.send(#"{"type":"ping"}"#)
            while read < count {
                let message = try client.next()
                if let id = message["id"]?.stringValue {
                    ids.append(id)
                    cursor = id
                    read += 1
                    if isEnd(message) { return true }
                } else if message["type"]?.stringValue == "pong" {
                    return false
                }
            }
        }
        return false
    }
}
