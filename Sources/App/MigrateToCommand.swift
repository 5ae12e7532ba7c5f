import Chat
import Logging
import Postgres
import SQLiteStore
import Store

/// `webchat migrate-to --database URL`: moves a SQLite data directory into an empty PostgreSQL
/// database (docs/CLUSTER.md), so that a single server can become a cluster without losing a
/// chat, a token or a cursor. Every row keeps its id and row number; the SQLite file is only read.
///
/// The copy runs in one PostgreSQL transaction, so it is all or nothing: a failure midway leaves
/// the database as empty as before and the command can simply run again. A database that holds
/// data is refused, never merged into.
enum MigrateToCommand {
    static let help = """
        Usage: webchat migrate-to --database URL [--data-dir DIR]

        Copies everything in the SQLite data directory (websites with their secrets, chats,
        messages, read marks, the event log, attachments with their files) into an empty
        PostgreSQL database, keeping every id,
        so tokens, message seqs and event cursors keep working. Stop the server first. The data
        directory is left as it is.

        Refuses a database that holds data, and a data directory at another schema version than
        this build's: upgrade it by starting this build's `webchat serve` on it first.

        Options:
          --database URL     The PostgreSQL database to fill, which must hold no data
                             (postgresql://user:password@host:port/name or libpq's key=value form;
                             env WEBCHAT_DATABASE)
          --data-dir DIR     The data directory to copy (default ./webchat-data; env WEBCHAT_DATA_DIR)
        """

    static func run(_ rawArguments: [String], environment: [String: String]) async throws -> Int32 {
        let arguments = try Arguments(rawArguments, known: StoreLocation.optionNames)
        if arguments.wantsHelp {
            print(help)
            return 0
        }
        guard arguments.positionals.isEmpty else { throw UsageError("migrate-to takes no arguments.") }
        guard let target = try StoreLocation.database(arguments, environment) else { throw UsageError("migrate-to needs --database.") }
        let directory = StoreLocation.dataDirectory(arguments, environment)
        let source = StoreLocation.directory(directory)
        guard source.exists else { throw UsageError("No WebChatKit data in \(directory): migrate-to copies an existing data directory.") }
        let sqlite = try openSource(directory)
        return try await sqlite.closing { sqlite in
            let postgres = try StoreLocation.postgres(target).open(readerCount: 1, logger: .standard)
            return try await postgres.closing { postgres in
                try await copy(from: sqlite, at: source, files: directory, into: postgres, at: target)
            }
        }
    }

    /// The SQLite store, once its schema version is this build's PostgreSQL one: the copy writes
    /// rows into tables of the same shape. It opens with the migrations up to that version only,
    /// so opening never changes the file.
    private static func openSource(_ directory: String) throws -> any Store {
        var configuration = StoreConfiguration(directory: directory, readerCount: 1)
        configuration.logger = .standard
        let version = try SQLiteStore.schemaVersion(of: configuration)
        let required = Schema.postgres.last?.version ?? 0
        guard version == required else {
            let advice = version < required
                ? "upgrade it by starting this build's `webchat serve` on the data directory first (and stopping it)"
                : "it was written by a newer build of webchat; use that build"
            throw MigrationRefused("The data directory \(directory) is at schema version \(version); migrate-to copies version \(required): \(advice).")
        }
        return try SQLiteStore(configuration, migrations: Schema.sqlite.filter { $0.version <= version })
    }

    /// Copies in one write of the PostgreSQL store, reading the SQLite file through a connection
    /// of its own in one snapshot, and the attachment files of `directory`; prints the counts.
    private static func copy(from sqlite: any Store, at source: StoreLocation, files directory: String, into postgres: any Store,
                             at target: PostgresTarget) async throws -> Int32 {
        StandardStreams.writeLine("Copying \(source) into \(target).")
        let summary: StoreCopy.Summary
        do {
            summary = try await postgres.write { database in
                try refuseUnlessEmpty(database, source: sqlite)
                let reader = try sqlite.makeReadConnection(cacheKilobytes: 65_536)
                // A savepoint begins a read transaction on SQLite: every table is read from the
                // same snapshot, even should a writer touch the file meanwhile.
                try reader.execute("SAVEPOINT migrate_to")
                let summary = try StoreCopy.copy(from: reader, into: database) { table, rows, done in
                    if done || rows % 100_000 == 0 { StandardStreams.writeLine("  \(table): \(rows) rows\(done ? "" : " so far")") }
                }
                // The attachments' bytes move with their rows: every node serves them from the database.
                let digests = try AttachmentParts.digests(in: reader)
                try AttachmentStorage.copyFiles(of: directory, digests, into: database)
                StandardStreams.writeLine("  attachment files: \(digests.count)")
                try reader.execute("RELEASE migrate_to")
                try StoreCopy.continueNumbering(in: database)
                return summary
            }
        } catch let refusal as MigrationRefused {
            throw refusal
        } catch {
            printError("""
                webchat: migrate-to failed: \(error)
                Nothing was copied: the copy is one transaction, and it was rolled back. Fix the cause and run \
                migrate-to again.
                """)
            return 1
        }
        let rows = summary.tables.reduce(0) { $0 + $1.rows }
        StandardStreams.writeLine("Copied \(rows) rows. Event cursors keep the epoch \(summary.epoch); the last event id is \(summary.lastEventID).")
        StandardStreams.writeLine("Start the servers with --database; the data directory \(source) is unchanged.")
        return 0
    }

    /// Refuses a target that holds rows, inside the copy's transaction, so that nothing writes
    /// between the check and the copy but another copy started at the same moment, which then
    /// fails on the first one's keys and rolls back. A target that holds this very data directory
    /// (the same event log epoch) is told apart, since rerunning a copy that worked is likely.
    private static func refuseUnlessEmpty(_ database: Database, source: any Store) throws {
        let occupied = try StoreCopy.occupiedTables(in: database)
        guard !occupied.isEmpty else { return }
        let reader = try source.makeReadConnection(cacheKilobytes: 64)
        if let epoch = try StoreCopy.epoch(in: database), try epoch == StoreCopy.epoch(in: reader) {
            throw MigrationRefused("The database already holds this data directory (event log epoch \(epoch)): it was copied before.")
        }
        throw MigrationRefused("""
            The database holds data (\(occupied.joined(separator: ", "))): migrate-to copies only into an empty database, \
            never merging. Give it a new database, or drop and recreate this one if its data is not needed.
            """)
    }
}

/// Why migrate-to will not copy: printed as it is, exit status 1, nothing written.
struct MigrationRefused: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
