/// One step of the schema, applied once per database, in version order. Each backend has its own
/// list (their SQL differs), numbered alike where they describe the same tables.
///
/// Migrations are never edited once released; a change is a new migration.
public struct Migration: Sendable {
    /// Positive, at most `Int32.max`, strictly increasing along the list.
    public let version: Int
    /// One or more statements, run in one transaction together with the version bump.
    public let sql: String

    public init(version: Int, sql: String) {
        self.version = version
        self.sql = sql
    }

    /// The newest version of `migrations`, after checking their order.
    package static func newestVersion(of migrations: [Migration]) throws(StoreError) -> Int {
        var previous = 0
        for migration in migrations {
            guard migration.version > previous, migration.version <= Int(Int32.max) else {
                throw .invalidMigrationOrder(version: migration.version, previous: previous)
            }
            previous = migration.version
        }
        return previous
    }
}
