import StoreTestSupport
import Auth
import Chat
import JSON
import Store
import Testing
import TestSupport

/// A stored value that does not read back is an error naming the column and the row, never a
/// default (issue 13): origins read as `[]` lifted a website's origin check, a chat's metadata
/// read as `{}` was merged over and lost, and a route read as nothing changed who got an event.
@Suite struct StoredDataTests {
    func withShop(_ body: (any Store, Websites.Record, Viewer) async throws -> Void) async throws {
        try await withChatStore { store in
            let site = try await Websites(store: store).create(try WebsiteChanges(body: ["name": "Shop", "allowed_origins": ["https://shop.example"]]))
            let agent = try Viewer(VerifiedToken(websiteID: site.website.id, principal: Principal(id: "a-1", role: .agent),
                                                 expiresAt: currentUnixTime() + 60))
            try await body(store, site, agent)
        }
    }

    func corrupt(_ store: Store, _ sql: String) async throws {
        try await store.write { database in try database.run(sql) }
    }

    @Test func aWebsiteWhoseOriginsDoNotParseIsAnErrorNotAnOpenWebsite() async throws {
        try await withShop { store, site, _ in
            try await corrupt(store, "UPDATE websites SET allowed_origins = '[\"https://shop.example\"'")
            await #expect(throws: StoredDataError.self) { try await Websites(store: store).find(site.website.id) }
            try await corrupt(store, "UPDATE websites SET allowed_origins = '[1]', widget = '{}'")
            await #expect(throws: StoredDataError(column: "websites.allowed_origins", key: site.website.id,
                                                  problem: "is not a list of origins")) {
                try await Websites(store: store).all()
            }
        }
    }

    @Test func aChatWithADamagedColumnIsAnError() async throws {
        try await withShop { store, _, agent in
            let chat = try await Chats(store: store).create(NewChat(), by: agent)
            try await corrupt(store, "UPDATE chats SET visitor = '{\"name\":\"v\"}'")
            await #expect(throws: StoredDataError(column: "chats.visitor", key: chat.id, problem: "has no id")) {
                try await Chats(store: store).find(chat.id, by: agent)
            }
        }
    }

    @Test func metadataThatDoesNotParseIsNeverMergedOver() async throws {
        try await withShop { store, site, agent in
            var draft = NewChat()
            draft.metadata = ["project_id": 7, "notes": "keep"]
            let chat = try await Chats(store: store).create(draft, by: agent)
            try await corrupt(store, "UPDATE chats SET metadata = '{\"project_id\":7,'")
            await #expect(throws: StoredDataError.self) {
                try await Chats(store: store).update(chat.id, try ChatChanges(body: ["metadata_merge": ["team": "core"]]), by: agent)
            }
            let stored = try await store.read { database in
                try database.queryOne("SELECT metadata FROM chats") { $0.string(0) }
            }
            #expect(stored == "{\"project_id\":7,", "nothing was written over it")
            let scoped = try Viewer(VerifiedToken(websiteID: site.website.id, principal: Principal(id: "a-2", role: .agent),
                                                  scope: ["metadata": ["project_id": 7]], expiresAt: currentUnixTime() + 60))
            #expect(try await Chats(store: store).find(chat.id, by: scoped) == nil, "hidden from a scope, not shown")
        }
    }

    @Test func aRouteThatDoesNotParseIsAnError() async throws {
        try await withShop { store, _, agent in
            let chat = try await Chats(store: store).create(NewChat(), by: agent)
            try await corrupt(store, "UPDATE events SET route = '{\"status\":'")
            await #expect(throws: StoredDataError.self) {
                try await store.read { database in
                    try database.query("SELECT id, route FROM events") { row in
                        _ = try ChatRoute.decode(route: row.string(1), routeBefore: nil, eventID: row.int(0) ?? 0, chatID: chat.id,
                                                 in: database)
                    }
                }
            }
        }
    }
}
