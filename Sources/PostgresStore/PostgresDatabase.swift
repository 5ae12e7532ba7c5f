import Logging
import Postgres
import Store

/// One PostgreSQL session of the store, used by exactly one thread at a time (the writer, a
/// reader, or the thread that asked for `makeReadConnection`), so it is deliberately not
/// `Sendable`.
///
/// SQL is written with `?` placeholders, as for every backend; each distinct text is rewritten
/// to `$1...$n` and prepared on the server once, then run by name (`PreparedStatementCache`).
/// Work receives it already inside a transaction the store owns, so transaction control is
/// refused (`TransactionControl`); savepoints of the work's own are fine.
///
/// A session that is lost (the server restarted, the connection was terminated) is reported as
/// `StoreError.unavailable` and dropped; the next use connects again with the same target and
/// settings, so the object recovers by itself once the server is back. Messages name the target
/// without its password (`PostgresTarget`).
public final class PostgresDatabase: Database {
    /// Who uses the session, which decides what it may do: only the writer appends log rows.
    enum Role {
        case writer
        case reader
        /// `Store.makeReadConnection`: every statement is a transaction of its own.
        case autocommit
    }

    let role: Role
    let logger: Logger
    private let target: PostgresTarget
    private let configuration: PostgresConfiguration
    /// Nil after the session was lost, until the next use connects again.
    private var session: PostgresConnection?
    private var statements: PreparedStatementCache
    private var lastChanges = 0
    /// Statements run so far that may have changed rows: every script, and every INSERT,
    /// UPDATE, DELETE or MERGE that reported a changed row. The writer compares it before and
    /// after a job that failed: a job that changed nothing (it only read, then refused) leaves
    /// nothing to undo.
    private(set) var possibleWrites = 0
    /// Log rows the batch's work appended so far, in append order; the writer inserts them with
    /// their ids at the end of the batch (`LogFlush`).
    private(set) var pendingAppends: [LogAppend] = []
    /// The writer's savepoint commands not sent yet: they travel in one round trip with the next
    /// prepared statement (`executePrepared(_:_:after:)`), or alone before anything else. A
    /// group commit wraps every job in a savepoint, and sending each command on its own cost two
    /// of a send's five round trips.
    private var pendingCommands: [String] = []

    /// Connects at once, so a store that cannot reach its database fails to open.
    init(target: PostgresTarget, configuration: PostgresConfiguration, role: Role, statementCacheCapacity: Int,
         logger: Logger) throws(StoreError) {
        self.target = target
        self.configuration = configuration
        self.role = role
        self.logger = logger
        statements = PreparedStatementCache(capacity: statementCacheCapacity)
        _ = try connected()
    }

    /// Runs a script of statements without bindings (`PQexec`): for schema changes.
    public func execute(_ sql: String) throws {
        try NumberedSQL(sql).refuseTransactionControl()
        try sendPendingCommands()
        possibleWrites += 1
        record(try withSession { try $0.executeScript(sql) })
    }

    /// Runs a single statement to completion; rows it returns are skipped.
    public func run(_ sql: String, _ bindings: [SQLValue]) throws {
        record(try prepared(sql, bindings))
    }

    /// Runs a single statement and calls `row` for each row. The server sends the whole result
    /// before the first call, so a callback may run other statements on this connection.
    public func query(_ sql: String, _ bindings: [SQLValue], row: (borrowing Row) throws -> Void) throws {
        let result = try prepared(sql, bindings)
        record(result)
        let cursor = PostgresRowCursor(result: result)
        for index in 0..<result.rowCount {
            cursor.row = index
            try row(Row(cursor))
        }
    }

    public func queryOne<T>(_ sql: String, _ bindings: [SQLValue], map: (borrowing Row) throws -> T) throws -> T? {
        let result = try prepared(sql, bindings)
        record(result)
        guard result.rowCount > 0 else { return nil }
        return try map(Row(PostgresRowCursor(result: result)))
    }

    /// Rows changed by the last INSERT, UPDATE, DELETE or MERGE, as SQLite counts them: other
    /// statements (a SELECT) leave the count alone.
    public var changes: Int { lastChanges }

    public var dialect: SQLDialect { .postgres }

    /// Keeps `entry` for the end of the batch, when the writer takes the log's ids from its
    /// counter row and inserts every row of the batch (`LogFlush`): taking the ids now would
    /// lock the counter for the whole batch. Only writes append; a read refuses.
    public func append(_ entry: LogAppend) throws {
        guard role == .writer, session?.transactionState == .inTransaction else {
            throw PostgresError(message: "log rows are appended only inside a write (Store.write)")
        }
        pendingAppends.append(entry)
    }

    /// Statements prepared on the server and kept, for tests of the cache's bound.
    var preparedStatementCount: Int { statements.count }

    /// The server process of the session, 0 while there is none.
    var backendProcessID: Int32 { session?.backendProcessID ?? 0 }

    /// Whether a session is open and was fine at its last use.
    var isConnected: Bool { session?.isConnected ?? false }

    /// Whether the open transaction failed: the server ignores every statement until a rollback.
    var isInFailedTransaction: Bool { session?.transactionState == .inFailedTransaction }

    /// Opens a session when there is none; throws `StoreError.unavailable` when that fails.
    func connect() throws(StoreError) {
        _ = try connected()
    }

    /// Runs one of the store's own transaction commands, the only SQL that may control the
    /// transaction. A COMMIT the server turned into a rollback throws.
    ///
    /// The writer's `savepoint` and `releaseSavepoint` wait for the next statement
    /// (`pendingCommands`); a savepoint released before any statement ran is never sent. A
    /// rollback of the whole transaction drops the waiting ones, any other command sends them
    /// first.
    func perform(_ command: TransactionCommand) throws {
        if role == .writer {
            switch command {
            case .savepoint:
                pendingCommands.append(command.sql)
                return
            case .releaseSavepoint:
                if pendingCommands.last == TransactionCommand.savepoint.sql {
                    pendingCommands.removeLast()
                } else {
                    pendingCommands.append(command.sql)
                }
                return
            case .rollbackToSavepoint where pendingCommands.last == TransactionCommand.savepoint.sql:
                // The savepoint is not even sent: no statement ran since, nothing to undo.
                return
            case .rollback:
                pendingCommands.removeAll()
            default:
                try sendPendingCommands()
            }
        }
        try withSession { session in
            if command == .commit { try session.commit() } else { try session.execute(command.sql) }
        }
    }

    /// Begins the store's transaction (`beginWrite` or `beginRead`). A session that died while
    /// idle (a restarted server, a proxy's idle timeout) is noticed only now, before any work
    /// ran: one new session is tried at once, so that the work does not fail for it.
    func begin(_ command: TransactionCommand) throws {
        do {
            try perform(command)
        } catch StoreError.unavailable {
            try perform(command)
        }
    }

    /// Ends a transaction after a failure. A rollback that fails as well is logged with what it
    /// followed; a lost session needs none (the server rolled back).
    func rollbackAfterFailure(_ context: String) {
        guard let session, session.isConnected, session.transactionState != .idle else { return }
        do {
            try perform(.rollback)
        } catch {
            logger.failure("rollback failed", error, ["after": context, "target": target.description])
        }
    }

    /// Forgets the appends made since `count` of them were pending (a failed job's), or all.
    func dropAppends(after count: Int = 0) {
        pendingAppends.removeSubrange(count...)
    }

    /// Runs `sql` with `parameters` as an unprepared statement, for SQL whose text varies with
    /// its data (the log's multi-row INSERT), which would only churn the statement cache.
    func runUnprepared(_ sql: String, _ parameters: [PostgresParameter]) throws -> PostgresResult {
        try sendPendingCommands()
        return try withSession { try $0.execute(sql, typed: parameters) }
    }

    /// Runs `sql` through the session's prepared statement for it, preparing it the first time.
    func prepared(_ sql: String, _ bindings: [SQLValue]) throws -> PostgresResult {
        var parameters: [PostgresParameter] = []
        parameters.reserveCapacity(bindings.count)
        for binding in bindings { parameters.append(try binding.parameter()) }
        let key = PreparedStatementCache.Key(sql: sql, types: parameters.map(\.type))
        return try withSession { session in
            let name = try statements.name(for: key, prepare: { name in
                let numbered = NumberedSQL(sql)
                try numbered.refuseTransactionControl()
                guard numbered.parameterCount == bindings.count else {
                    throw PostgresError(message: "the statement has \(numbered.parameterCount) placeholders but \(bindings.count) bindings")
                }
                try session.prepare(name, numbered.text, types: key.types)
            }, deallocate: { name in try session.deallocate(name) })
            let commands = pendingCommands
            pendingCommands.removeAll()
            return try session.executePrepared(name, parameters, after: commands)
        }
    }

    /// Sends the waiting savepoint commands on their own, before a statement that cannot carry
    /// them.
    private func sendPendingCommands() throws {
        guard !pendingCommands.isEmpty else { return }
        let script = pendingCommands.joined(separator: "; ")
        pendingCommands.removeAll()
        try withSession { _ = try $0.executeScript(script) }
    }

    private func connected() throws(StoreError) -> PostgresConnection {
        if let session { return session }
        do {
            let session = try PostgresConnection(target: target, configuration: configuration, logger: logger)
            self.session = session
            return session
        } catch {
            throw .unavailable(error.description)
        }
    }

    /// Runs `body` on the session; an error that means the session is gone becomes
    /// `StoreError.unavailable`, and the session is dropped (with its prepared statements and
    /// the batch's appends, which died with its transaction) so the next use connects anew.
    private func withSession<R>(_ body: (PostgresConnection) throws -> R) throws -> R {
        let session = try connected()
        do {
            return try body(session)
        } catch {
            guard !session.isConnected || (error as? PostgresError)?.isConnectionLoss == true else { throw error }
            self.session = nil
            statements.removeAll()
            pendingAppends.removeAll()
            pendingCommands.removeAll()
            throw StoreError.unavailable("\(error)")
        }
    }

    private func record(_ result: PostgresResult) {
        let command = result.commandStatus.prefix { $0 != " " }
        guard ["INSERT", "UPDATE", "DELETE", "MERGE"].contains(command) else { return }
        lastChanges = result.affectedRows ?? 0
        if lastChanges > 0 { possibleWrites += 1 }
    }
}
