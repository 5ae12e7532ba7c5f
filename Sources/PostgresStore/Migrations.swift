import Postgres
import Store

/// Brings the database's schema up to date when a store opens, on a session of its own.
///
/// Every node runs this under one advisory lock, so when several start together the first
/// migrates and the others wait, then find nothing left to do. The version lives in the
/// one-row table `schema_version`; each pending migration runs in its own transaction with its
/// version bump, so a failing one leaves the database at the version before it.
enum Migrations {
    /// The advisory lock's key: "webchatm" in ASCII, so that it is recognisable in `pg_locks`.
    static let lockKey: Int64 = 0x7765_6263_6861_746D

    /// Migrates and returns the version the database is at (`newest`).
    static func apply(_ migrations: [Migration], upTo newest: Int, on session: PostgresConnection) throws -> Int {
        try session.withAdvisoryLock(lockKey) { session in
            try session.transaction { session in
                try session.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
                try session.execute("INSERT INTO schema_version (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)")
            }
            let current = Int(try session.execute("SELECT version FROM schema_version")[0].int(0) ?? 0)
            guard current <= newest else { throw StoreError.databaseNewerThanMigrations(onDisk: current, newest: newest) }
            for migration in migrations where migration.version > current {
                do {
                    try session.transaction { session in
                        try session.executeScript(migration.sql)
                        try session.execute("UPDATE schema_version SET version = $1", [.integer(Int64(migration.version))])
                    }
                } catch {
                    throw StoreError.migrationFailed(version: migration.version, error)
                }
            }
            return newest
        }
    }
}
