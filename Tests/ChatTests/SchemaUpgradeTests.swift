import SQLiteStore
import Auth
@testable import Chat
import Filters
import JSON
import Store
import Testing
import TestSupport

/// A database written by an older release opens with the newest schema and loses nothing.
@Suite struct SchemaUpgradeTests {
    func viewer(_ websiteID: String, _ id: String) throws -> Viewer {
        try Viewer(VerifiedToken(websiteID: websiteID, principal: Principal(id: id, role: .visitor),
                                 expiresAt: currentUnixTime() + 60))
    }

    func indexes(of table: String, in store: Store) async throws -> [String] {
        try await store.read { database in
            try database.queryAll("SELECT name FROM pragma_index_list(?) ORDER BY name", [.text(table)]) { $0.string(0) ?? "" }
        }
    }

    @Test func messagesWrittenBeforeTheRebuildOfVersionFourKeepTheirRowsOrderAndIdempotency() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = StoreConfiguration(directory: directory)
            let versionThree = Array(Schema.sqlite.prefix { $0.version <= 3 })
            let (site, chatID, sentBefore) = try await SQLiteStore.withOpen(configuration, migrations: versionThree) { store in
                let site = try await OlderReleaseRows.website(in: store)
                let chat = try await OlderReleaseRows.chat(websiteID: site, visitorID: "v-1", in: store)
                var sent: [String] = []
                for text in ["one", "two", "three"] {
                    sent.append(try await OlderReleaseRows.message(text, clientID: "c-\(text)", in: chat, by: "v-1", store: store))
                }
                #expect(try await indexes(of: "messages", in: store).count == 3, "version 3 indexes id, (chat, seq) and client_id")
                return (site, chat, sent)
            }

            try await SQLiteStore.withOpen(configuration, migrations: Schema.sqlite) { store in
                let visitor = try viewer(site, "v-1")
                let messages = Messages(store: store)
                let listed = try await messages.list(in: chatID, afterSeq: nil, beforeSeq: nil, limit: 10, by: visitor)
                #expect(listed.map(\.id) == sentBefore)
                #expect(listed.map(\.seq) == [1, 2, 3])
                #expect(listed.map(\.clientID) == ["c-one", "c-two", "c-three"])

                let retry = try await messages.send(NewMessage(text: "two", clientID: "c-two"), to: chatID, creating: nil, by: visitor)
                #expect(!retry.created)
                #expect(retry.message.id == sentBefore[1])
                let next = try await messages.send(NewMessage(text: "four", clientID: "c-four"), to: chatID, creating: nil, by: visitor)
                #expect(next.created && next.message.seq == 4)

                let kept = try await indexes(of: "messages", in: store)
                #expect(kept.count == 2, "\(kept)")
                #expect(kept.contains("messages_by_client_id"))
            }
        }
    }

    /// Schema 15 adds the search index: what was written before it is indexed by the backfill
    /// (`SearchBackfill`, which every server runs as it starts), titles and messages alike, and
    /// nothing is found before the backfill reaches it.
    @Test func messagesWrittenBeforeTheSearchIndexAreFoundOnceBackfilled() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = StoreConfiguration(directory: directory)
            let versionFourteen = Array(Schema.sqlite.prefix { $0.version <= 14 })
            let (site, chatID) = try await SQLiteStore.withOpen(configuration, migrations: versionFourteen) { store in
                let site = try await OlderReleaseRows.website(in: store)
                let chat = try await OlderReleaseRows.chat(websiteID: site, visitorID: "v-1", in: store)
                for text in ["Où est ma commande?", "numéro 4711"] {
                    _ = try await OlderReleaseRows.message(text, clientID: nil, in: chat, by: "v-1", store: store)
                }
                try await store.write { database in try database.run("UPDATE chats SET title = 'Lieferung' WHERE id = ?", [.text(chat)]) }
                return (site, chat)
            }

            try await SQLiteStore.withOpen(configuration, migrations: Schema.sqlite) { store in
                let visitor = try viewer(site, "v-1")
                func found(_ words: String) async throws -> [(String, SearchMatch?)] {
                    let page = try await Chats(store: store).list(.all, search: try SearchQuery(words), order: nil, cursor: nil, limit: 10,
                                                                  by: visitor)
                    return page.chats.map { ($0.chat.id, $0.match) }
                }
                #expect(try await found("commande").isEmpty, "not indexed before the backfill")
                let backfill = SearchBackfill(store: store)
                while try await backfill.step() {}
                #expect(try await backfill.step() == false, "done stays done")
                #expect(try await found("commande").map(\.0) == [chatID])
                #expect(try await found("numero 47").map(\.1) == [SearchMatch(seq: 2, snippet: "numéro 4711")])
                #expect(try await found("lieferung").map(\.1) == [SearchMatch(seq: nil, snippet: "Lieferung")])
            }
        }
    }

    /// Schema 5 turns the index's `num` into ANY: integers that schema 2 had rounded to doubles are
    /// read again from each chat's metadata (at a path, in a string, as array elements), so a
    /// database written before finds neighbouring projects apart after the upgrade.
    @Test func bigIntegersIndexedBeforeVersionFiveCompareExactlyAfterIt() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = StoreConfiguration(directory: directory)
            let versionFour = Array(Schema.sqlite.prefix { $0.version <= 4 })
            let documents: [(String, JSONObject)] = [
                ("p789", ["project_id": .int(1_234_567_890_123_456_789), "owner": ["id": .int(9_007_199_254_740_993)]]),
                ("p790", ["project_id": .int(1_234_567_890_123_456_790), "owner": ["id": .int(9_007_199_254_740_992)]]),
                ("s789", ["project_id": "1234567890123456789", "tags": [.int(1_234_567_890_123_456_790), .int(7), 1.5e300]]),
                ("double", ["project_id": .double(1.2345678901234568e18), "tags": [.int(1_234_567_890_123_456_789)]]),
            ]
            let site = try await SQLiteStore.withOpen(configuration, migrations: versionFour) { store in
                let site = try await OlderReleaseRows.website(in: store)
                for (title, metadata) in documents {
                    try await OlderReleaseRows.chat(title: title, metadata: metadata, websiteID: site, in: store)
                }
                return site
            }

            try await SQLiteStore.withOpen(configuration, migrations: Schema.sqlite) { store in
                let agent = try Viewer(VerifiedToken(websiteID: site, principal: Principal(id: "a-1", role: .agent),
                                                     expiresAt: currentUnixTime() + 60))
                func titles(_ query: [(name: String, value: String)]) async throws -> Set<String> {
                    let page = try await Chats(store: store).list(try ChatFilter(parameters: query), order: .createdAscending,
                                                                  cursor: nil, limit: 50, by: agent)
                    return Set(page.chats.map(\.chat.title))
                }
                #expect(try await titles([("metadata__project_id", "1234567890123456789")]) == ["p789", "s789"])
                #expect(try await titles([("metadata__project_id", "1234567890123456790")]) == ["p790"])
                #expect(try await titles([("metadata__project_id__lt", "1234567890123456789")]) == ["double"])
                #expect(try await titles([("metadata__owner__id", "9007199254740993")]) == ["p789"])
                #expect(try await titles([("metadata__owner__id__lt", "9007199254740993")]) == ["p790"])
                #expect(try await titles([("metadata__tags__contains", "1234567890123456790")]) == ["s789"])
                #expect(try await titles([("metadata__tags__contains", "1234567890123456789")]) == ["double"])
                #expect(try await titles([("metadata__tags__contains", "7")]) == ["s789"])
                #expect(try await titles([("metadata__tags__contains", "1.5e300")]) == ["s789"])
                let rows = try await store.read { database in
                    try database.queryOne("SELECT count(*) FROM chat_metadata") { $0.int(0) ?? 0 }
                }
                #expect(rows == 14, "every row kept, each element once")
            }
        }
    }

    /// Schema 8 gives read marks a role. A mark written before has none: after the upgrade it is
    /// the mark of every role with that id, so no unread count changes, and new marks of one role
    /// leave the others alone.
    @Test func readMarksWrittenBeforeVersionEightKeepTheirUnreadCounts() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = StoreConfiguration(directory: directory)
            let versionSeven = Array(Schema.sqlite.prefix { $0.version <= 7 })
            let (site, chatID) = try await SQLiteStore.withOpen(configuration, migrations: versionSeven) { store in
                let site = try await OlderReleaseRows.website(in: store)
                let chat = try await OlderReleaseRows.chat(websiteID: site, visitorID: "v-1", in: store)
                for text in ["one", "two", "three"] {
                    _ = try await OlderReleaseRows.message(text, clientID: nil, in: chat, by: "v-1", store: store)
                }
                try await store.write { database in
                    try database.run("INSERT INTO read_marks (chat, principal_id, seq) SELECT row, 'staff-1', 2 FROM chats WHERE id = ?",
                                     [.text(chat)])
                }
                return (site, chat)
            }
            try await SQLiteStore.withOpen(configuration, migrations: Schema.sqlite) { store in
                let chats = Chats(store: store)
                func staff(_ role: Role) throws -> Viewer {
                    try Viewer(VerifiedToken(websiteID: site, principal: Principal(id: "staff-1", role: role),
                                             expiresAt: currentUnixTime() + 60))
                }
                let chat = try #require(try await chats.find(chatID, by: staff(.agent)))
                #expect(try await chats.unreadCount(of: chat, by: staff(.agent)) == 1)
                #expect(try await chats.unreadCount(of: chat, by: staff(.admin)) == 1)
                _ = try await Messages(store: store).markRead(chatID, seq: 3, by: staff(.agent))
                #expect(try await chats.unreadCount(of: chat, by: staff(.agent)) == 0)
                #expect(try await chats.unreadCount(of: chat, by: staff(.admin)) == 1)
            }
        }
    }
}
