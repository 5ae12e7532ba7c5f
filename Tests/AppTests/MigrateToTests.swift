import App
import Chat
import Glibc
import JSON
import Postgres
import PostgresTestSupport
import SQLiteStore
import Store
import Testing
import TestSupport

/// `webchat migrate-to`: a data directory filled through a real SQLite server moves into
/// PostgreSQL, and a server on PostgreSQL then answers every question exactly as the SQLite
/// server did, to the same tokens and cursors.
@Suite("MigrateTo: moving a data directory into PostgreSQL")
struct MigrateToTests {
    let webchat = builtProduct("webchat")

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        try ChildProcess.run(webchat, arguments)
    }

    @Test func everythingSurvivesAndCursorsKeepWorking() async throws {
        let data = try TemporaryDirectory("webchat-migrate")
        defer { data.remove() }
        let store = data.path + "/store"
        let publicDirectory = try TemporaryDirectory("webchat-migrate-public")
        defer { publicDirectory.remove() }
        try publicDirectory.write("index.html", "<!doctype html><title>WebChatKit</title>")

        let sqlite = ServeConfiguration.forTest(dataDirectory: store, publicDirectory: publicDirectory.path)
        let (fixture, before) = try await running(sqlite, publicDirectory: publicDirectory) { app, _ in
            try await onThread {
                let fixture = try MigrationFixture.fill(app)
                return (fixture, try fixture.answers(app))
            }
        }
        let sqliteFile = try readFile(store + "/webchat.sqlite3")
        let replay = try #require(before.first { $0.key.hasPrefix("ada GET /api/v1/events?cursor=") }?.value["body"]?["events"]?.arrayValue)
        #expect(replay.count >= 7 && replay.contains { $0["type"] == "chat.updated" }, "the cursor was taken midway")

        try await withAsyncTestDatabase { target in
            let migrated = try await onThread { try run(["migrate-to", "--data-dir", store, "--database", target.connectionString]) }
            #expect(migrated.status == 0, "\(migrated.error)")
            #expect(migrated.output.contains("  websites: 2 rows"), "\(migrated.output)")
            #expect(migrated.output.contains("  messages: 10 rows"), "seven sent, and the system messages of a new status, an assignee and an ending: \(migrated.output)")
            #expect(migrated.output.contains("  attachment files: 1"), "\(migrated.output)")
            #expect(migrated.output.contains("  chats: 4 rows"), "\(migrated.output)")
            #expect(!migrated.output.contains(target["password"] ?? "no password"), "the password is never printed")
            #expect(try readFile(store + "/webchat.sqlite3") == sqliteFile, "the SQLite file is only read")

            var postgres = ServeConfiguration.forTest(dataDirectory: data.path + "/node", publicDirectory: publicDirectory.path)
            postgres.database = target
            try await running(postgres, publicDirectory: publicDirectory) { app, _ in
                try await onThread {
                    let after = try fixture.answers(app)
                    let download = try TestApp.Caller(app: app, token: fixture.tokens["ada"]!, source: nil)
                        .call("GET", "/api/v1/attachments/\(fixture.attachmentID)")
                    #expect(download.status == 200 && download.body == MigrationFixture.attachmentBytes, "the bytes moved with the row")
                    for (question, answer) in before.sorted(by: { $0.key < $1.key }) {
                        #expect(after[question] == answer, "\(question)")
                    }
                    #expect(after.count == before.count)
                    try fixture.expectNumberingContinues(app, before: before)
                }
            }

            let again = try await onThread { try run(["migrate-to", "--data-dir", store, "--database", target.connectionString]) }
            #expect(again.status == 1)
            #expect(again.error.contains("already holds this data directory"), "\(again.error)")
        }
    }

    /// A database that holds anything is never merged into; nothing of the data directory is copied.
    @Test func aDatabaseWithDataIsRefused() async throws {
        try await withTemporaryDirectory("webchat-migrate-refused") { directory in
            try await withAsyncTestDatabase { target in
                try await onThread {
                    let source = directory + "/source"
                    #expect(try run(["websites", "create", "--name", "Old", "--data-dir", source]).status == 0)
                    #expect(try run(["websites", "create", "--name", "Live", "--database", target.connectionString]).status == 0)
                    let refused = try run(["migrate-to", "--data-dir", source, "--database", target.connectionString])
                    #expect(refused.status == 1)
                    #expect(refused.error.contains("The database holds data (websites)"), "\(refused.error)")
                    let listed = try run(["websites", "list", "--database", target.connectionString]).output
                    #expect(listed.contains("Live") && !listed.contains("Old"), "\(listed)")
                }
            }
        }
    }

    /// A mistyped data directory is a usage error that creates nothing; no database is needed to say so.
    @Test func aMissingDataDirectoryIsRefused() async throws {
        try await withTemporaryDirectory("webchat-migrate-missing") { directory in
            try await onThread {
                let refused = try run(["migrate-to", "--data-dir", directory + "/typo", "--database", "postgresql://127.0.0.1:1/none"])
                #expect(refused.status == 2)
                #expect(refused.error.contains("No WebChatKit data in \(directory)/typo"), "\(refused.error)")
                #expect(access(directory + "/typo", F_OK) != 0)
                let withoutDatabase = try run(["migrate-to", "--data-dir", directory])
                #expect(withoutDatabase.status == 2)
                #expect(withoutDatabase.error.contains("migrate-to needs --database"), "\(withoutDatabase.error)")
                let help = try run(["migrate-to", "--help"])
                #expect(help.status == 0 && help.output.contains("Usage: webchat migrate-to"))
                #expect(try run(["--help"]).output.contains("\n  migrate-to "))
            }
        }
    }

    /// A data directory of an older schema is not upgraded behind the operator's back: the
    /// command says how to upgrade it and leaves it at its version.
    @Test func anOlderSchemaIsRefusedAndLeftAsItIs() async throws {
        try await withTemporaryDirectory("webchat-migrate-old") { directory in
            let configuration = StoreConfiguration(directory: directory)
            let old = try SQLiteStore(configuration, migrations: Array(Schema.sqlite.prefix(7)))
            await old.close()
            try await onThread {
                let refused = try run(["migrate-to", "--data-dir", directory, "--database", "postgresql://127.0.0.1:1/none"])
                #expect(refused.status == 1)
                #expect(refused.error.contains("schema version 7"), "\(refused.error)")
                #expect(refused.error.contains("starting this build's `webchat serve` on the data directory first"), "\(refused.error)")
            }
            #expect(try SQLiteStore.schemaVersion(of: configuration) == 7)
        }
    }
}
