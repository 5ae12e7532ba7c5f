import StoreTestSupport
import Auth
import Chat
import Filters
import Glibc
import JSON
import Store
import Testing
import TestSupport

@Suite("The event log is written with every change")
struct EventLogTests {
    func withDomain(_ body: (any Store, Websites.Record) async throws -> Void) async throws {
        try await withChatStore { store in
            let site = try await Websites(store: store).create(try WebsiteChanges(body: ["name": "Shop"]))
            try await body(store, site)
        }
    }

    func viewer(_ site: Websites.Record, _ role: Role, _ id: String, scope: JSONObject? = nil) throws -> Viewer {
        try Viewer(VerifiedToken(websiteID: site.website.id, principal: Principal(id: id, role: role), scope: scope,
                                 expiresAt: currentUnixTime() + 60))
    }

    func events(_ store: Store) async throws -> [(id: Int64, type: String, json: JSONValue)] {
        try await store.read { database in
            try database.queryAll("SELECT id, type, json FROM events ORDER BY id") { row in
                (row.int(0) ?? 0, row.string(1) ?? "", (try? JSONValue(parsing: #"{"id":"x","# + (row.string(2) ?? ""))) ?? .null)
            }
        }
    }

    @Test func everyChangeAppendsOneEventInOrder() async throws {
        try await withDomain { store, site in
            let visitor = try viewer(site, .visitor, "v-1")
            let agent = try viewer(site, .agent, "a-1")
            let chats = Chats(store: store)
            let messages = Messages(store: store)
            let chat = try await chats.create(NewChat(), by: visitor)
            _ = try await messages.send(NewMessage(text: "hello", clientID: "c"), to: chat.id, creating: nil, by: visitor)
            _ = try await messages.send(NewMessage(text: "hello", clientID: "c"), to: chat.id, creating: nil, by: visitor)
            _ = try await messages.send(NewMessage(text: "hi", clientID: nil), to: chat.id, creating: nil, by: agent)
            _ = try await chats.update(chat.id, try ChatChanges(body: ["status": "pending"]), by: agent)
            _ = try await chats.update(chat.id, try ChatChanges(body: ["status": "pending"]), by: agent)
            #expect(try await messages.markRead(chat.id, seq: 2, by: agent))
            #expect(try await !messages.markRead(chat.id, seq: 1, by: agent))

            let log = try await events(store)
            #expect(log.map(\.type) == ["chat.created", "message.created", "message.created", "chat.updated", "message.created", "read"],
                    "a retry, a no-op change and a backward read mark append nothing; a new status adds its system message")
            #expect(zip(log, log.dropFirst()).allSatisfy { $0.id < $1.id })
            #expect(log.allSatisfy { $0.json["chat_id"]?.stringValue == chat.id })
            #expect(log[1].json["data"]?["text"] == "hello")
            #expect(log[3].json["data"]?["status"] == "pending")
            #expect(log[3].json["data"]?["unread_count"] == nil, "events carry no per-reader unread count")
            #expect(log[4].json["data"]?["type"] == "system")
            #expect(log[5].json["data"] == ["principal_id": "a-1", "seq": 2])
            #expect(log[0].json["at"]?.stringValue?.hasSuffix("Z") == true)
        }
    }

    @Test func aRefusedChangeLeavesNoEvent() async throws {
        try await withDomain { store, site in
            let scoped = try viewer(site, .agent, "a-1", scope: ["metadata": ["project_id": 1]])
            let chats = Chats(store: store)
            let chat = try await chats.create(NewChat(), by: scoped)
            await #expect(throws: ChatError.self) {
                _ = try await chats.update(chat.id, try ChatChanges(body: ["metadata": ["project_id": 2]]), by: scoped)
            }
            await #expect(throws: ChatError.notFound) {
                _ = try await Messages(store: store).send(NewMessage(text: "x", clientID: nil), to: "ch_missing", creating: nil, by: scoped)
            }
            #expect(try await events(store).map(\.type) == ["chat.created"])
            #expect(try await chats.find(chat.id, by: scoped)?.metadata == ["project_id": 1])
        }
    }

    @Test func manyChatsInOneTransactionAreEachComplete() async throws {
        try await withDomain { store, site in
            let agent = try viewer(site, .agent, "a-1")
            var drafts: [NewChat] = []
            for index in 0..<3 {
                var draft = NewChat()
                draft.metadata = ["n": .int(index)]
                drafts.append(draft)
            }
            let created = try await Chats(store: store).createMany(drafts, by: agent)
            #expect(created.map { $0.metadata["n"] } == [0, 1, 2])
            #expect(try await events(store).map(\.type) == ["chat.created", "chat.created", "chat.created"])
            for chat in created {
                #expect(try await Chats(store: store).find(chat.id, by: agent)?.id == chat.id)
            }
        }
    }

    @Test func aFilterMatchingManyChatsIsWalkedInListOrder() async throws {
        try await withDomain { store, site in
            let agent = try viewer(site, .agent, "a-1")
            let drafts = (0..<1300).map { index in
                var draft = NewChat()
                draft.metadata = ["plan": index % 10 == 0 ? "pro" : "free", "n": .int(index)]
                return draft
            }
            _ = try await Chats(store: store).createMany(drafts, by: agent)
            let chats = Chats(store: store)
            let free = try ChatFilter(parameters: [("metadata__plan", "free")])
            let first = try await chats.list(free, order: .createdAscending, cursor: nil, limit: 50, by: agent)
            #expect(first.chats.count == 50)
            #expect(first.chats.allSatisfy { $0.chat.metadata["plan"] == "free" })
            #expect(first.chats.map { $0.chat.metadata["n"]?.intValue ?? -1 } == (0..<56).filter { $0 % 10 != 0 }.prefix(50).map { $0 })
            let second = try await chats.list(free, order: .createdAscending, cursor: first.nextCursor, limit: 50, by: agent)
            #expect(second.chats.first?.chat.metadata["n"] == 56)
            let pro = try await chats.list(try ChatFilter(parameters: [("metadata__plan", "pro")]), order: .createdAscending,
                                           cursor: nil, limit: 200, by: agent)
            #expect(pro.chats.count == 130)
        }
    }
}
