import Store

extension SQLiteDatabase {
    /// Brings the file to `newest`, each pending migration in its own transaction with its
    /// version bump, so a failing migration leaves the file at the version before it. Returns
    /// the version the file is at.
    func migrate(_ migrations: [Migration], upTo newest: Int) throws -> Int {
        let current = try userVersion()
        guard current <= newest else {
            throw StoreError.databaseNewerThanMigrations(onDisk: current, newest: newest)
        }
        for migration in migrations where migration.version > current {
            do {
                try perform(.beginImmediate)
                try execute(migration.sql)
                try execute("PRAGMA user_version = \(migration.version)")
                try perform(.commit)
            } catch {
                rollbackAfterFailure("migration \(migration.version) failed")
                throw StoreError.migrationFailed(version: migration.version, error)
            }
        }
        return newest
    }

    func userVersion() throws(SQLiteError) -> Int {
        var version: Int64 = 0
        try withStatement("PRAGMA user_version", []) { statement throws(SQLiteError) in
            if try step(statement) { version = SQLiteRowCursor(statement: statement).int(0) ?? 0 }
        }
        return Int(version)
    }

    /// Switches the file to write-ahead logging, which lets readers and the writer work at the
    /// same time. The mode is stored in the file, so read-only connections opened later use it too.
    func enableWriteAheadLog() throws {
        var mode = ""
        try query("PRAGMA journal_mode = WAL") { row in mode = row.string(0) ?? "" }
        guard mode.lowercased() == "wal" else { throw StoreError.writeAheadLogUnavailable(journalMode: mode) }
    }
}
