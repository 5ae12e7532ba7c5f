/// A row of an ordered log whose integer `id` the store assigns: the event log, which clients
/// follow by id from any node. Ids grow in commit order on every backend, so a reader that has
/// seen id n never later finds a smaller id committed: SQLite has one writer and assigns the
/// rowid; PostgreSQL takes a batch's ids from the counter row `log_counters(log, last_id)` at
/// the end of the batch, whose row lock makes concurrent nodes commit one after another.
public struct LogAppend: Sendable {
    /// The log's table; it has an integer `id` column besides `columns`.
    public let table: String
    public let columns: [String]
    public let values: [SQLValue]

    public init(table: String, columns: [String], values: [SQLValue]) {
        precondition(columns.count == values.count, "one value per column")
        self.table = table
        self.columns = columns
        self.values = values
    }
}
