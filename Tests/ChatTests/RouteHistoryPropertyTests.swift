import StoreTestSupport
import Auth
import Chat
import Filters
import JSON
import Store
import Testing
import TestSupport

/// Every event's stored route reads back as the chat was at that event, whatever happened to the
/// chat since and after the oldest events were cleaned up: the routing data behind `Audience`
/// (issue 13 took the metadata out of the routes of messages, read marks and new chats, so the
/// metadata is found through the chat's later changes), and the mark that keeps a note's event
/// from every visitor (§10). Random histories; a failure prints its seed.
@Suite struct RouteHistoryPropertyTests {
    static let seeds: [UInt64] = [20_261_213, 3, UInt64.random(in: 0...UInt64.max)]

    @Test(arguments: seeds)
    func routesReadBackAsTheChatWasAtEachEvent(seed: UInt64) async throws {
        try await withChatStore { store in
            var random = Seeded(seed)
            let site = try await Websites(store: store).create(try WebsiteChanges(body: ["name": "Shop"]))
            let agent = try Viewer(VerifiedToken(websiteID: site.website.id, principal: Principal(id: "a-1", role: .agent),
                                                 expiresAt: currentUnixTime() + 60))
            let chats = Chats(store: store)
            let messages = Messages(store: store)
            var current: [String: Chat] = [:]
            /// The chat after and before each event, by event id, and whether only staff may
            /// receive it: what the routes must say.
            var expected: [Int64: Expected] = [:]
            var newest = try await Self.newestEventID(store)

            for _ in 0..<300 {
                let target = current.keys.sorted().randomElement(using: &random)
                var before: Chat?
                var after: Chat
                var staffOnly = false
                switch (target, Int.random(in: 0..<10, using: &random)) {
                case (nil, _), (_, 0):
                    var draft = NewChat()
                    draft.metadata = Self.metadata(&random)
                    after = try await chats.create(draft, by: agent)
                case (let id?, 1...4):
                    let type: MessageType = Bool.random(using: &random) ? .note : .text
                    staffOnly = type == .note
                    after = try await messages.send(NewMessage(text: "m", clientID: nil, type: type), to: id, creating: nil, by: agent).chat
                case (let id?, 5...7):
                    before = current[id]
                    after = try await chats.update(id, try ChatChanges(body: Self.change(&random)), by: agent)
                case (let id?, _):
                    after = current[id]!
                    _ = try await messages.markRead(id, seq: after.messageCount, by: agent)
                }
                current[after.id] = after
                // A change of status or assignee appends its system messages right after it: they
                // route the chat as it is after the change, without a `before`.
                let id = try await Self.newestEventID(store)
                if id != newest {
                    for event in (newest + 1)...id {
                        expected[event] = Expected(after: after.filterable(), before: event == newest + 1 ? before?.filterable() : nil,
                                                   staffOnly: staffOnly)
                    }
                    newest = id
                }
            }

            try await Self.check(expected, in: store, seed: seed)
            // Retention deletes the oldest events first; what remains must still read back.
            let cut = expected.keys.sorted()[expected.count / 2]
            try await store.write { database in try database.run("DELETE FROM events WHERE id <= ?", [.integer(cut)]) }
            try await Self.check(expected.filter { $0.key > cut }, in: store, seed: seed)
        }
    }

    /// The message and read-mark routes hold no metadata; the changes' routes hold all of it.
    @Test func onlyChangesStoreTheMetadata() async throws {
        try await withChatStore { store in
            let site = try await Websites(store: store).create(try WebsiteChanges(body: ["name": "Shop"]))
            let agent = try Viewer(VerifiedToken(websiteID: site.website.id, principal: Principal(id: "a-1", role: .agent),
                                                 expiresAt: currentUnixTime() + 60))
            var draft = NewChat()
            draft.metadata = ["blob": .string(String(repeating: "x", count: 15_000)), "project_id": 7]
            let chat = try await Chats(store: store).create(draft, by: agent)
            _ = try await Messages(store: store).send(NewMessage(text: "hello", clientID: nil), to: chat.id, creating: nil, by: agent)
            _ = try await Messages(store: store).markRead(chat.id, seq: 1, by: agent)
            _ = try await Chats(store: store).update(chat.id, try ChatChanges(body: ["status": "pending"]), by: agent)
            let rows = try await store.read { database in
                try database.queryAll("SELECT type, length(route), length(coalesce(route_before, '')), length(json) FROM events ORDER BY id") {
                    (type: $0.string(0) ?? "", route: $0.int(1) ?? 0, before: $0.int(2) ?? 0, json: $0.int(3) ?? 0)
                }
            }
            #expect(rows.map(\.type) == ["chat.created", "message.created", "read", "chat.updated", "message.created"],
                    "the new status adds its system message")
            for row in rows.prefix(3) {
                #expect(row.route < 300, "\(row.type): \(row.route) bytes of route")
            }
            #expect(rows[1].route + rows[1].json < 700, "a message's event row stays small: \(rows[1])")
            #expect(rows[3].route > 15_000 && rows[3].before > 15_000, "a change keeps the metadata on both sides")
        }
    }

    struct Expected {
        let after: FilterableChat
        let before: FilterableChat?
        let staffOnly: Bool
    }

    static func check(_ expected: [Int64: Expected], in store: Store, seed: UInt64) async throws {
        let decoded = try await store.read { database in
            var decoded: [Int64: ChatRoute.Decoded] = [:]
            try database.query("SELECT id, chat_id, route, route_before FROM events") { row in
                let id = row.int(0) ?? 0
                decoded[id] = try ChatRoute.decode(route: row.string(2), routeBefore: row.string(3), eventID: id,
                                                   chatID: row.string(1) ?? "", in: database)
            }
            return decoded
        }
        #expect(Set(decoded.keys) == Set(expected.keys), "seed \(seed)")
        var wrong = 0
        for (id, routes) in decoded.sorted(by: { $0.key < $1.key }) {
            guard let want = expected[id] else { continue }
            let same = describe(routes.after) == describe(want.after) && describe(routes.before) == describe(want.before)
                && routes.staffOnly == want.staffOnly
            if !same {
                wrong += 1
                if wrong <= 3 {
                    let read = "\(describe(routes.after)) / \(describe(routes.before)) / staff only \(routes.staffOnly)"
                    let was = "\(describe(want.after)) / \(describe(want.before)) / staff only \(want.staffOnly)"
                    Issue.record("seed \(seed), event \(id): read \(read), was \(was)")
                }
            }
        }
        #expect(wrong == 0, "seed \(seed): \(wrong) of \(decoded.count) routes differ")
    }

    static func describe(_ chat: FilterableChat?) -> String {
        guard let chat else { return "none" }
        return "\(chat.id) \(chat.status) \(chat.priority) \(chat.isArchived) \(chat.assigneeID ?? "-") \(chat.createdAt) "
            + "\(chat.updatedAt) \(chat.lastActivityAt) \(JSONValue.object(chat.metadata).jsonText)"
    }

    static func newestEventID(_ store: Store) async throws -> Int64 {
        try await store.read { database in try database.queryOne("SELECT coalesce(max(id), 0) FROM events") { $0.int(0) ?? 0 } ?? 0 }
    }

    static func metadata(_ random: inout Seeded) -> JSONObject {
        var object: JSONObject = [:]
        for key in ["project_id", "team", "tags"] where Bool.random(using: &random) {
            object[key] = [.int(Int.random(in: 1...3, using: &random)), "core", ["a", "b"], .int(1_234_567_890_123_456_789)]
                .randomElement(using: &random)!
        }
        return object
    }

    static func change(_ random: inout Seeded) -> JSONObject {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: ["status": .string(["open", "pending", "resolved"].randomElement(using: &random)!)]
        case 1: ["priority": .int(Int.random(in: 0...4, using: &random))]
        case 2: ["metadata": .object(metadata(&random))]
        case 3: ["metadata_merge": .object(metadata(&random))]
        default: ["assignee_id": Bool.random(using: &random) ? "a-2" : .null]
        }
    }
}

/// SplitMix64, so a seed replays a history.
struct Seeded: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
