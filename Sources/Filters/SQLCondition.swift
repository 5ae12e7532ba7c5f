import Store

/// A boolean SQL expression over `chats` (and `chat_metadata`) with its `?` bindings in order.
///
/// Callers splice it into `SELECT ... FROM chats WHERE chats.website_id = ? AND (<sql>) ...`. Its
/// text depends only on the filter's shape (which lookups, how many `in` values), never on a
/// value or a key, which all travel in `bindings`.
public struct SQLCondition: Sendable, Equatable {
    /// `"1"` when there is no condition.
    public let sql: String
    public let bindings: [SQLValue]

    public init(sql: String, bindings: [SQLValue]) {
        self.sql = sql
        self.bindings = bindings
    }
}
