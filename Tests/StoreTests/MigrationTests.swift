import CSQLite
import Testing
import TestSupport
@testable import SQLiteStore
import Store

@Suite struct MigrationTests {
    static let threeSteps = [
        Migration(version: 1, sql: "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL)"),
        // Depends on migration 1: fails unless the order is kept.
        Migration(version: 2, sql: "ALTER TABLE notes ADD COLUMN author TEXT"),
        Migration(version: 3, sql: "INSERT INTO notes(body, author) VALUES ('welcome', 'system')"),
    ]

    @Test func appliesMigrationsInOrderAndRecordsTheVersion() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory, migrations: Self.threeSteps) { store in
                #expect(store.schemaVersion == 3)
                let version = try await store.read { try $0.sqlite.userVersion() }
                #expect(version == 3)
                let authors = try await store.read { try $0.queryAll("SELECT author FROM notes") { $0.string(0) } }
                #expect(authors == ["system"])
            }
        }
    }

    @Test func reopeningRunsOnlyMigrationsNotYetApplied() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory, migrations: Self.threeSteps) { _ in }
            let four = Self.threeSteps + [Migration(version: 4, sql: "INSERT INTO notes(body) VALUES ('four')")]
            try await withStore(in: directory, migrations: four) { store in
                #expect(store.schemaVersion == 4)
                let bodies = try await store.read { try $0.queryAll("SELECT body FROM notes ORDER BY id") { $0.string(0) } }
                #expect(bodies == ["welcome", "four"])
            }
            try await withStore(in: directory, migrations: four) { store in
                let count = try await store.read { try $0.queryOne("SELECT count(*) FROM notes") { $0.int(0) } }
                #expect(count == 2)
            }
        }
    }

    @Test func refusesADatabaseNewerThanItsMigrations() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory, migrations: Self.threeSteps) { _ in }
            let error = #expect(throws: StoreError.self) {
                _ = try SQLiteStore(StoreConfiguration(directory: directory), migrations: Array(Self.threeSteps.prefix(2)))
            }
            #expect(error == .databaseNewerThanMigrations(onDisk: 3, newest: 2))
            #expect(error?.description.contains("refusing") == true)
        }
    }

    @Test func aFailingMigrationIsRolledBackAndLeavesTheVersion() async throws {
        try await withTemporaryDirectory { directory in
            let broken = [
                Self.threeSteps[0],
                Migration(version: 2, sql: "CREATE TABLE extra(x); INSERT INTO missing VALUES (1)"),
            ]
            let error = #expect(throws: StoreError.self) {
                _ = try SQLiteStore(StoreConfiguration(directory: directory), migrations: broken)
            }
            guard case .migrationFailed(let version, let cause) = error else {
                Issue.record("expected migrationFailed, got \(String(describing: error))")
                return
            }
            #expect(version == 2)
            #expect((cause as? SQLiteError)?.message.contains("no such table") == true)

            try await withStore(in: directory, migrations: [Self.threeSteps[0]]) { store in
                #expect(store.schemaVersion == 1)
                let tables = try await store.read {
                    try $0.queryAll("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name") { $0.string(0) }
                }
                #expect(tables == ["notes"])
            }
        }
    }

    @Test(arguments: [
        ([1, 1], 1, 1),
        ([2, 1], 1, 2),
        ([0], 0, 0),
        ([-5], -5, 0),
        ([1, Int(Int32.max) + 1], Int(Int32.max) + 1, 1),
    ])
    func rejectsMigrationsThatAreNotStrictlyIncreasing(versions: [Int], offending: Int, previous: Int) async throws {
        try await withTemporaryDirectory { directory in
            let migrations = versions.map { Migration(version: $0, sql: "SELECT 1") }
            #expect(throws: StoreError.invalidMigrationOrder(version: offending, previous: previous)) {
                _ = try SQLiteStore(StoreConfiguration(directory: directory), migrations: migrations)
            }
        }
    }

    @Test func migrationsMayNotControlTheTransaction() async throws {
        try await withTemporaryDirectory { directory in
            let sneaky = [Migration(version: 1, sql: "CREATE TABLE t(x); COMMIT")]
            let error = #expect(throws: StoreError.self) {
                _ = try SQLiteStore(StoreConfiguration(directory: directory), migrations: sneaky)
            }
            guard case .migrationFailed(1, let cause) = error else {
                Issue.record("expected migrationFailed, got \(String(describing: error))")
                return
            }
            #expect((cause as? SQLiteError)?.code == SQLITE_AUTH)
            try await withStore(in: directory, migrations: []) { store in
                #expect(store.schemaVersion == 0)
                let tables = try await store.read { try $0.queryOne("SELECT count(*) FROM sqlite_schema") { $0.int(0) } }
                #expect(tables == 0)
            }
        }
    }
}
