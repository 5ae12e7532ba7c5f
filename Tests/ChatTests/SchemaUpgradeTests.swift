import Auth
import Chat
import Store
import Testing
import TestSupport

/// A database written by an older release opens with the newest schema and loses nothing.
@Suite struct SchemaUpgradeTests {
    func viewer(_ site: Websites.Record, _ id: String) throws -> Viewer {
        try Viewer(VerifiedToken(websiteID: site.website.id, principal: Principal(id: id, role: .visitor),
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
            let versionThree = Array(Schema.migrations.prefix { $0.version <= 3 })
            let (site, chatID, sentBefore) = try await Store.withOpen(configuration, migrations: versionThree) { store in
                let site = try await Websites(store: store).create(try WebsiteChanges(body: ["name": "Shop"]))
                let visitor = try viewer(site, "v-1")
                let chat = try await Chats(store: store).create(NewChat(), by: visitor)
                var sent: [Message] = []
                for text in ["one", "two", "three"] {
                    sent.append(try await Messages(store: store).send(NewMessage(text: text, clientID: "c-\(text)"),
                                                                       to: chat.id, creating: nil, by: visitor).message)
                }
                #expect(try await indexes(of: "messages", in: store).count == 3, "version 3 indexes id, (chat, seq) and client_id")
                return (site, chat.id, sent)
            }

            try await Store.withOpen(configuration, migrations: Schema.migrations) { store in
                let visitor = try viewer(site, "v-1")
                let messages = Messages(store: store)
                let listed = try await messages.list(in: chatID, afterSeq: nil, beforeSeq: nil, limit: 10, by: visitor)
                #expect(listed.map(\.id) == sentBefore.map(\.id))
                #expect(listed.map(\.seq) == [1, 2, 3])
                #expect(listed.map(\.clientID) == ["c-one", "c-two", "c-three"])

                let retry = try await messages.send(NewMessage(text: "two", clientID: "c-two"), to: chatID, creating: nil, by: visitor)
                #expect(!retry.created)
                #expect(retry.message.id == sentBefore[1].id)
                let next = try await messages.send(NewMessage(text: "four", clientID: "c-four"), to: chatID, creating: nil, by: visitor)
                #expect(next.created && next.message.seq == 4)

                let kept = try await indexes(of: "messages", in: store)
                #expect(kept.count == 2, "\(kept)")
                #expect(kept.contains("messages_by_client_id"))
            }
        }
    }
}
