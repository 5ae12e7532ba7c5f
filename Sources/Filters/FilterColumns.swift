import Store

/// Where a compiled filter finds what it tests, given by the storage that owns the tables (the
/// chat domain): an SQL expression for each standard field and for the chat's row, and the
/// metadata index's table and columns (`MetadataIndex`). The compiler writes only these names,
/// so it holds no schema of its own and another backend can describe its own layout; the
/// backend's `dialect` gives the few functions whose names differ (substring search, lowering).
public struct FilterColumns: Sendable {
    /// The expression of a standard field in the query the condition is spliced into.
    public let field: @Sendable (ChatField) -> String
    /// The expression of the chat's row, which the index's `chat` column refers to.
    public let chatRow: String
    public let metadataIndex: MetadataIndexColumns
    public let dialect: SQLDialect

    public init(field: @escaping @Sendable (ChatField) -> String, chatRow: String, metadataIndex: MetadataIndexColumns,
                dialect: SQLDialect) {
        self.field = field
        self.chatRow = chatRow
        self.metadataIndex = metadataIndex
        self.dialect = dialect
    }
}

/// The metadata index's table and its columns: one row per value a filter path can reach
/// (`MetadataIndex.forEachRow`).
public struct MetadataIndexColumns: Sendable {
    public let table: String
    /// The row of the chat the value belongs to.
    public let chat: String
    public let websiteID: String
    public let path: String
    /// The `IndexedKind` code.
    public let kind: String
    /// The number, or the number a string spells.
    public let number: String
    public let string: String

    public init(table: String, chat: String, websiteID: String, path: String, kind: String, number: String, string: String) {
        self.table = table
        self.chat = chat
        self.websiteID = websiteID
        self.path = path
        self.kind = kind
        self.number = number
        self.string = string
    }
}
