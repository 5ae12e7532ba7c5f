import Store
import CSQLite
import Logging

/// One SQLite connection, used by exactly one thread at a time: the store gives each of its
/// threads a connection of its own, so the connection needs no lock (`SQLITE_OPEN_NOMUTEX`) and is
/// deliberately not `Sendable`.
///
/// Work handed to the store receives a `SQLiteDatabase` already inside a transaction, and the store owns
/// that transaction: `BEGIN`, `COMMIT`, `ROLLBACK` and the store's own savepoint are refused
/// (`SQLITE_AUTH`), since ending the transaction early would commit or drop other callers' writes.
/// Savepoints of your own are fine.
///
/// Statements are prepared once per connection and kept, keyed by their SQL text, so pass
/// constant SQL with `?` placeholders and the values as bindings.
public final class SQLiteDatabase: Database {
    let handle: OpaquePointer
    /// Where failures that are handled by carrying on (a rollback after an error) are reported.
    let logger: Logger
    private var statements: StatementCache
    private var transactionStatements: [TransactionCommand: OpaquePointer] = [:]
    /// Lifted only while the store runs its own transaction commands (see `TransactionGuard`).
    var allowsTransactionControl = false
    private var isOpen = true

    enum Access {
        case readWrite
        case readOnly
    }

    /// `mapped`: reads go through a memory map of the file (up to 1 GiB) instead of copies into
    /// the page cache. It pays for readers that walk large indexes (a list over a million chats);
    /// every page read through it stays in the process's resident memory until the kernel needs
    /// it, so connections that gain nothing by it (the writer copies every page it changes, the
    /// realtime hub reads the newest pages, mostly from the log) do not map the file.
    ///
    /// `vfs`: the VFS to open with by name, normally `BatchedLogWrites.vfsName`; nil for SQLite's
    /// default, when the linked SQLite writes its log otherwise (`LogBatchingDecision`).
    init(path: String, access: Access, configuration: StoreConfiguration, vfs: String?, mapped: Bool = false) throws(SQLiteError) {
        let accessFlags = access == .readWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY
        var connection: OpaquePointer?
        let status = sqlite3_open_v2(path, &connection, accessFlags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, vfs)
        guard status == SQLITE_OK, let connection else {
            let error = SQLiteError(connection: connection, code: status)
            sqlite3_close_v2(connection)
            throw error
        }
        handle = connection
        logger = configuration.logger
        statements = StatementCache(capacity: configuration.statementCacheCapacity)
        installTransactionGuard()
        sqlite3_busy_timeout(handle, Int32(clamping: configuration.busyTimeoutMs))
        let synchronous = configuration.durability == .full ? "FULL" : "NORMAL"
        // temp_store = MEMORY keeps statement journals (savepoints) in memory instead of a temp
        // file. A 64 MiB page cache (and, for mapped readers, the map) let hot pages (indexes of
        // a million chats) be read without a system call per page.
        try execute("""
            PRAGMA foreign_keys = ON; PRAGMA synchronous = \(synchronous); PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON;
            PRAGMA cache_size = -65536; PRAGMA mmap_size = \(mapped ? 1 << 30 : 0)
            """)
    }

    deinit {
        close()
    }

    /// Finalizes every statement and closes the connection. The owning thread calls it as its
    /// last act on the connection; nothing may use the connection afterwards.
    func close() {
        guard isOpen else { return }
        isOpen = false
        statements.finalizeAll()
        for statement in transactionStatements.values { sqlite3_finalize(statement) }
        transactionStatements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements separated by semicolons, without bindings: for schema changes
    /// and pragmas. Not cached.
    public func execute(_ sql: String) throws(SQLiteError) {
        try SQLiteDatabase.rejectNul(in: sql)
        let status = sqlite3_exec(handle, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw SQLiteError(connection: handle, code: status) }
    }

    /// Runs a single statement to completion. Rows it returns (`RETURNING`, some pragmas) are
    /// skipped; use `query` to read them.
    public func run(_ sql: String, _ bindings: [SQLValue] = []) throws(SQLiteError) {
        try withStatement(sql, bindings) { statement throws(SQLiteError) in
            while try step(statement) {}
        }
    }

    /// Runs a single statement and calls `row` for each row it returns. An error thrown by `row`
    /// stops the query and is rethrown as it is.
    public func query(_ sql: String, _ bindings: [SQLValue] = [], row: (borrowing Row) throws -> Void) throws {
        var rowFailure: (any Error)?
        try withStatement(sql, bindings) { statement throws(SQLiteError) in
            while try step(statement) {
                do {
                    try row(Row(SQLiteRowCursor(statement: statement)))
                } catch {
                    rowFailure = error
                    return
                }
            }
        }
        if let rowFailure { throw rowFailure }
    }

    /// The first row turned into a `T` by `map`, or nil when there is none. Stops after the first
    /// row, so `LIMIT 1` is not needed for correctness.
    public func queryOne<T>(_ sql: String, _ bindings: [SQLValue] = [], map: (borrowing Row) throws -> T) throws -> T? {
        var result: T?
        var rowFailure: (any Error)?
        try withStatement(sql, bindings) { statement throws(SQLiteError) in
            guard try step(statement) else { return }
            do {
                result = try map(Row(SQLiteRowCursor(statement: statement)))
            } catch {
                rowFailure = error
            }
        }
        if let rowFailure { throw rowFailure }
        return result
    }

    /// The rowid of the last row this connection inserted.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE on this connection.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    public var dialect: SQLDialect { .sqlite }

    /// SQLite's one writer commits in rowid order, so the log's row takes the next rowid at once.
    public func append(_ entry: LogAppend) throws {
        let placeholders = Array(repeating: "?", count: entry.values.count).joined(separator: ", ")
        try run("INSERT INTO \(entry.table) (\(entry.columns.joined(separator: ", "))) VALUES (\(placeholders))", entry.values)
    }

    /// Rows changed by every statement since the connection opened: comparing two readings tells
    /// whether the work between them wrote anything.
    var totalChanges: Int64 { sqlite3_total_changes64(handle) }

    /// Whether a transaction is open; SQLite ends one on its own after some errors (a full disk,
    /// an `OR ROLLBACK` conflict), and the writer must notice.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Whether a deferred foreign key is still violated, which would make COMMIT fail.
    var hasUnresolvedForeignKeys: Bool {
        var current: Int32 = 0
        var highest: Int32 = 0
        sqlite3_db_status(handle, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highest, 0)
        return current > 0
    }

    /// The name of the VFS the connection was opened with. Asked through
    /// `SQLITE_FCNTL_VFS_POINTER`: `SQLITE_FCNTL_VFSNAME` answers from the database file, which
    /// the batching VFS leaves to the default one, and so names the default VFS either way.
    var vfsName: String? {
        var vfs: UnsafeMutablePointer<sqlite3_vfs>?
        guard sqlite3_file_control(handle, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) == SQLITE_OK,
              let name = vfs?.pointee.zName else { return nil }
        return String(cString: name)
    }

    /// Statements prepared and kept for reuse, for tests of the cache's bound.
    var cachedStatementCount: Int { statements.count }

    /// Checks out the cached statement for `sql`, binds `bindings`, runs `body`, then resets it and
    /// clears its bindings so it holds no caller data between uses.
    func withStatement<R>(
        _ sql: String,
        _ bindings: [SQLValue],
        _ body: (OpaquePointer) throws(SQLiteError) -> R
    ) throws(SQLiteError) -> R {
        let statement = try statements.checkOut(sql, on: self)
        let storage: BindingStorage
        do {
            storage = try BindingStorage(binding: bindings, to: statement.handle, on: handle)
        } catch {
            statements.checkIn(statement)
            throw error
        }
        defer {
            // Clear the bindings before freeing the bytes they point into.
            statements.checkIn(statement)
            storage.release()
        }
        return try body(statement.handle)
    }

    /// Prepares exactly one statement; SQL holding more than one is refused rather than having
    /// its rest silently ignored.
    func prepare(_ sql: String, persistent: Bool) throws(SQLiteError) -> OpaquePointer {
        try SQLiteDatabase.rejectNul(in: sql)
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        var firstStatusAndStatement: (Int32, OpaquePointer?) = (SQLITE_OK, nil)
        var hasSecondStatement = false
        sql.withCString { text in
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let status = sqlite3_prepare_v3(handle, text, -1, flags, &statement, &tail)
            firstStatusAndStatement = (status, statement)
            guard status == SQLITE_OK, let tail, tail.pointee != 0 else { return }
            var second: OpaquePointer?
            let secondStatus = sqlite3_prepare_v3(handle, tail, -1, 0, &second, nil)
            hasSecondStatement = secondStatus != SQLITE_OK || second != nil
            sqlite3_finalize(second)
        }
        let (status, statement) = firstStatusAndStatement
        guard status == SQLITE_OK else { throw SQLiteError(connection: handle, code: status) }
        guard let statement else { throw SQLiteError(code: SQLITE_MISUSE, message: "no SQL statement in \"\(sql)\"") }
        guard !hasSecondStatement else {
            sqlite3_finalize(statement)
            throw SQLiteError(code: SQLITE_MISUSE, message: "more than one SQL statement; use execute() for scripts")
        }
        return statement
    }

    /// Steps `statement`: true while it has a row to read.
    func step(_ statement: OpaquePointer) throws(SQLiteError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let status: throw SQLiteError(connection: handle, code: status)
        }
    }

    /// Runs one of the store's own transaction commands, the only SQL allowed to control the
    /// transaction. Its statements are kept apart from the caller-facing cache, so a caller's
    /// "COMMIT" can never reuse one that was authorized for the store.
    func perform(_ command: TransactionCommand) throws(SQLiteError) {
        allowsTransactionControl = true
        defer { allowsTransactionControl = false }
        let statement: OpaquePointer
        if let prepared = transactionStatements[command] {
            statement = prepared
        } else {
            statement = try prepare(command.sql, persistent: true)
            transactionStatements[command] = statement
        }
        defer { sqlite3_reset(statement) }
        while try step(statement) {}
    }

    /// SQLite reads SQL up to the first NUL, so anything after one would be dropped unseen.
    private static func rejectNul(in sql: String) throws(SQLiteError) {
        if sql.utf8.contains(0) {
            throw SQLiteError(code: SQLITE_MISUSE, message: "SQL text contains a NUL character")
        }
    }
}

extension SQLiteDatabase {
    /// Ends a transaction after a failure. A rollback that fails as well is logged with what it
    /// followed; the connection's next `BEGIN` then reports any lasting trouble to its caller.
    func rollbackAfterFailure(_ context: String) {
        guard isInTransaction else { return }
        do {
            try perform(.rollback)
        } catch {
            logger.failure("rollback failed", error, ["after": context])
        }
    }
}
