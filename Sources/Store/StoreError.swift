import Logging

/// Errors of the store itself, whichever backend runs, as opposed to the errors a backend's
/// database reports (`SQLiteError`, `PostgresError`).
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `read` or `write` after `close()` began.
    case closed
    /// A configuration value is out of range; the string names it.
    case invalidConfiguration(String)
    /// Migration versions must be positive, fit SQLite's 32-bit `user_version`, and strictly
    /// increase; `version` is the first one that does not.
    case invalidMigrationOrder(version: Int, previous: Int)
    /// The file was migrated by a newer build than this one: running old code on a newer schema
    /// could corrupt data, so the store refuses to open it.
    case databaseNewerThanMigrations(onDisk: Int, newest: Int)
    /// The migration's SQL failed; its transaction was rolled back and the version stays below it.
    case migrationFailed(version: Int, any Error & Sendable)
    /// The data directory could not be created (or is not a directory); `errno` says why.
    case directoryUnavailable(path: String, errno: Int32)
    /// SQLite would not switch the file to write-ahead logging (e.g. a file system without
    /// shared memory); without WAL, readers would block the writer.
    case writeAheadLogUnavailable(journalMode: String)
    /// A store thread could not be started; `errno` is pthread_create's answer.
    case threadStartFailed(errno: Int32)
    /// Another write of the same batch ended the whole transaction (an `INSERT OR ROLLBACK`
    /// conflict, a full disk), taking this write's changes with it. Nothing of it was committed.
    case rolledBackWithBatch
    /// The database cannot be reached (a PostgreSQL server that is down or restarting): nothing
    /// of the work was committed, and the store reconnects by itself. The string says why.
    case unavailable(String)

    public var description: String {
        switch self {
        case .closed:
            "the store is closed"
        case .invalidConfiguration(let reason):
            "invalid store configuration: \(reason)"
        case .invalidMigrationOrder(let version, let previous):
            "migration versions must be positive, at most 2147483647 and strictly increasing: \(version) follows \(previous)"
        case .databaseNewerThanMigrations(let onDisk, let newest):
            "the database has schema version \(onDisk) but this build knows only up to \(newest); refusing to open it"
        case .migrationFailed(let version, let error):
            "migration \(version) failed and was rolled back: \(error)"
        case .directoryUnavailable(let path, let errno):
            "cannot use data directory \(path) (errno \(errno))"
        case .writeAheadLogUnavailable(let journalMode):
            "SQLite refused write-ahead logging (journal mode stays \(journalMode))"
        case .threadStartFailed(let errno):
            "cannot start a store thread (errno \(errno))"
        case .rolledBackWithBatch:
            "rolled back: another write of the same transaction ended it"
        case .unavailable(let reason):
            "the database is unavailable: \(reason)"
        }
    }

    /// The level for logging `error` from work that is retried (a health check, the hub
    /// following the log, background maintenance): `level` for a failure of its own, debug for
    /// `.unavailable`, which the store logs itself once when the database is lost and once when
    /// it is back, so that an outage is not also a line per retry of every such task.
    public static func logLevel(for error: any Error, otherwise level: LogLevel) -> LogLevel {
        if case .unavailable = error as? StoreError { return .debug }
        return level
    }

    /// Two errors are equal when they are the same case with the same values; a migration's
    /// cause is compared by its description, as errors of any backend may be inside.
    public static func == (lhs: StoreError, rhs: StoreError) -> Bool {
        lhs.description == rhs.description
    }
}
