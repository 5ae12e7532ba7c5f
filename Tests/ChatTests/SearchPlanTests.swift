import Auth
import Chat
import SQLiteStore
import Store
import Testing
import TestSupport

/// A search whose whole words are common takes FTS5's prefix plan; one whose whole words are rare
/// checks the prefix on the stored terms (`SearchRows.hits`). The API tests take the second; this
/// one holds more entries of a word than the check's limit, so the first is taken, and finds the
/// same chats.
@Suite struct SearchPlanTests {
    @Test func aCommonWordWithAPrefixFindsTheSameChatsAsARareOne() async throws {
        try await withTemporaryDirectory { directory in
            try await SQLiteStore.withOpen(StoreConfiguration(directory: directory), migrations: Schema.sqlite) { store in
                let site = try await Websites(store: store).create(try WebsiteChanges(body: ["name": "plans"]))
                let admin = try Viewer(VerifiedToken(websiteID: site.website.id, principal: Principal(id: "root", role: .admin),
                                                     expiresAt: currentUnixTime() + 60))
                let chats = try await Chats(store: store).createMany([NewChat(), NewChat(), NewChat()], by: admin)
                let many = Array(repeating: "common words", count: 5001)
                try await Messages(store: store).appendMany([many, ["common zebra crossing"], ["rare zebra"]], to: chats, by: admin)
                func found(_ words: String) async throws -> Set<String> {
                    let page = try await Chats(store: store).list(.all, search: try SearchQuery(words), order: nil, cursor: nil, limit: 10,
                                                                  by: admin)
                    return Set(page.chats.map(\.chat.id))
                }
                #expect(try await found("common zeb") == [chats[1].id], "5,001 entries say common: FTS5's prefix")
                #expect(try await found("rare zeb") == [chats[2].id], "one says rare: the prefix checked on its terms")
                #expect(try await found("common zebra") == [chats[1].id])
                #expect(try await found("common") == [chats[0].id, chats[1].id])
                #expect(try await found("zebra cross") == [chats[1].id])
            }
        }
    }
}
