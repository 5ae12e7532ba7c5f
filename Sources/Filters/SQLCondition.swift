import Store

/// A boolean SQL expression over the chats and their metadata index, in the names a
/// `FilterColumns` gave, with its `?` bindings in order.
///
/// Callers splice it into their query on the chats of one website (`WHERE <website> = ? AND
/// (<sql>)`), or, for a metadata seek, into a query on the index's rows. Its
/// text depends only on the filter's shape (which lookups, how many `in` values), never on a
/// value or a key, which all travel in `bindings`.
public struct SQLCondition: Sendable, Equatable {
    /// `"TRUE"` when there is no condition.
    public let sql: String
    public let bindings: [SQLValue]

    public init(sql: String, bindings: [SQLValue]) {
        self.sql = sql
        self.bindings = bindings
    }
}
