import StoreTestSupport
import Auth
import Chat
import Glibc
import Store
import Testing
import TestSupport

@Suite("Websites and the in-memory directory")
struct WebsiteDirectoryTests {
    func withStore(_ body: (any Store) async throws -> Void) async throws {
        try await withChatStore(body)
    }

    @Test func changesFromAnotherWriterArriveOnRefresh() async throws {
        try await withStore { store in
            let websites = Websites(store: store)
            let directory = WebsiteDirectory(websites: websites)
            let created = try await websites.create(try WebsiteChanges(body: ["name": "Shop"]))
            #expect(directory.secret(for: created.website.id) == nil)
            try await directory.refreshIfChanged()
            #expect(directory.secret(for: created.website.id) == created.secret)
            // As the CLI would: rotate through the store without telling the directory.
            let rotated = try #require(try await Websites(store: store).rotateSecret(created.website.id))
            try await directory.refreshIfChanged()
            #expect(directory.secret(for: created.website.id) == rotated.secret)
        }
    }

    @Test func anOlderSnapshotNeverReplacesANewerRecord() async throws {
        try await withStore { store in
            let websites = Websites(store: store)
            let directory = WebsiteDirectory(websites: websites)
            let created = try await websites.create(try WebsiteChanges(body: ["name": "Shop"]))
            let rotated = try #require(try await websites.rotateSecret(created.website.id))
            directory.remember(rotated)
            // A snapshot from before the rotation arrives late: it must not win.
            directory.remember(created)
            #expect(directory.secret(for: created.website.id) == rotated.secret)
            try await directory.refreshIfChanged()
            #expect(directory.secret(for: created.website.id) == rotated.secret)
            #expect(rotated.updatedAt > created.updatedAt)
        }
    }

    @Test func updatesKeepTheSecretAndValidate() async throws {
        try await withStore { store in
            let websites = Websites(store: store)
            let created = try await websites.create(try WebsiteChanges(body: ["name": "Shop"]))
            let updated = try #require(try await websites.update(created.website.id, try WebsiteChanges(body: [
                "allowed_origins": ["https://a.example", "https://A.example:443"], "widget": ["title": "Hi"],
            ])))
            #expect(updated.secret == created.secret)
            #expect(updated.website.allowedOrigins == ["https://a.example"])
            #expect(updated.website.widget.title == "Hi")
            #expect(try await websites.find(created.website.id)?.website == updated.website)
            #expect(try await websites.update("ws_missing", try WebsiteChanges(body: ["name": "x"])) == nil)
        }
    }
}
