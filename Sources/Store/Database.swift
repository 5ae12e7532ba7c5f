/// One connection of a store, used by exactly one thread at a time, already inside a transaction
/// the store owns: work handed to `Store.read` or `Store.write` receives it. Ending that
/// transaction early (`BEGIN`, `COMMIT`, `ROLLBACK`) is refused, since it would commit or drop
/// other callers' writes.
///
/// SQL is written once for every backend, with `?` placeholders and the values as bindings; a
/// backend prepares each distinct text once per connection and keeps it, so pass constant SQL.
/// What differs between backends is asked of `dialect`, the one place each backend keeps it.
public protocol Database: AnyObject {
    /// Runs one or more statements separated by semicolons, without bindings: for schema changes.
    func execute(_ sql: String) throws

    /// Runs a single statement to completion; rows it returns are skipped.
    func run(_ sql: String, _ bindings: [SQLValue]) throws

    /// Runs a single statement and calls `row` for each row it returns. An error thrown by `row`
    /// stops the query and is rethrown as it is.
    func query(_ sql: String, _ bindings: [SQLValue], row: (borrowing Row) throws -> Void) throws

    /// The first row turned into a `T` by `map`, or nil when there is none; rows after the first
    /// are not read.
    func queryOne<T>(_ sql: String, _ bindings: [SQLValue], map: (borrowing Row) throws -> T) throws -> T?

    /// Rows changed by the last INSERT, UPDATE or DELETE on this connection.
    var changes: Int { get }

    /// The SQL that differs on this backend.
    var dialect: SQLDialect { get }

    /// Appends one row to an ordered log whose ids the store assigns (`LogAppend`), in the
    /// caller's transaction.
    func append(_ entry: LogAppend) throws
}

extension Database {
    public func run(_ sql: String) throws {
        try run(sql, [])
    }

    /// Every row, each turned into a `T` by `map`.
    public func queryAll<T>(_ sql: String, _ bindings: [SQLValue] = [], map: (borrowing Row) throws -> T) throws -> [T] {
        var results: [T] = []
        try query(sql, bindings) { row in results.append(try map(row)) }
        return results
    }

    /// Each row of a query without bindings.
    public func query(_ sql: String, row: (borrowing Row) throws -> Void) throws {
        try query(sql, [], row: row)
    }

    /// The first row of a query without bindings.
    public func queryOne<T>(_ sql: String, map: (borrowing Row) throws -> T) throws -> T? {
        try queryOne(sql, [], map: map)
    }
}
