import Postgres
import PostgresStore
import PostgresTestSupport
import Store
import Testing
import TestSupport

/// Migrations run once per database, under the advisory lock, and never on a newer database.
@Suite struct MigrationTests {
    /// Version 2 would fail if it ran twice (CREATE TABLE without IF NOT EXISTS), and counts its runs.
    private static let migrations = testMigrations + [Migration(version: 2, sql: """
        CREATE TABLE migration_runs (at timestamptz NOT NULL DEFAULT now());
        INSERT INTO migration_runs DEFAULT VALUES
        """)]

    @Test func twoStoresOpeningTogetherMigrateOnce() async throws {
        try await withAsyncTestDatabase { target in
            async let first = openStore(target, migrations: Self.migrations, readerCount: 1)
            async let second = openStore(target, migrations: Self.migrations, readerCount: 1)
            for store in try await [first, second] {
                #expect(store.schemaVersion == 2)
                await store.close()
            }
            try await onThread {
                let connection = try PostgresConnection(target: target)
                #expect(try connection.execute("SELECT count(*) FROM migration_runs")[0].int(0) == 1)
                #expect(try connection.execute("SELECT version FROM schema_version")[0].int(0) == 2)
            }
        }
    }

    @Test func aNewerDatabaseIsRefusedAndAFailedMigrationLeavesTheVersionBeforeIt() async throws {
        try await withAsyncTestDatabase { target in
            try await openStore(target, migrations: Self.migrations).close()
            await #expect(throws: StoreError.databaseNewerThanMigrations(onDisk: 2, newest: 1)) {
                try await openStore(target, migrations: testMigrations)
            }
            let failing = Self.migrations + [Migration(version: 3, sql: "CREATE TABLE three (n int); SELECT 1/0")]
            await #expect {
                try await openStore(target, migrations: failing)
            } throws: { error in
                guard case .migrationFailed(let version, _)? = error as? StoreError else { return false }
                return version == 3
            }
            let version = try await withStore(target, migrations: Self.migrations) { store in
                try await store.read { database in
                    (try database.queryOne("SELECT version FROM schema_version") { $0.int(0) },
                     try database.queryOne("SELECT count(*) FROM pg_tables WHERE tablename = 'three'") { $0.int(0) })
                }
            }
            #expect(version.0 == 2)
            #expect(version.1 == 0, "the failed migration's statements are rolled back")
        }
    }
}
