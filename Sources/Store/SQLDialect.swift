/// The SQL that differs between backends, in the few places where one text cannot serve both.
/// Each backend keeps its own value (`SQLiteStore`, `PostgresStore`), so callers write one query
/// and ask the dialect only for these pieces.
public struct SQLDialect: Sendable {
    /// The backend's name, for logs and messages.
    public let name: String
    /// The 1-based position of `needle` in `haystack` (0 when absent), over bytes or characters
    /// alike for the equality with 0 that filters test.
    public let substringPosition: @Sendable (_ haystack: String, _ needle: String) -> String
    /// `text` with ASCII letters lowered and every other character left alone, as the filter
    /// evaluator lowers (`Filters.ByteText`).
    public let asciiLowercase: @Sendable (_ text: String) -> String
    /// Appended to a SELECT of rows the transaction is about to change, so that concurrent
    /// writers of the same rows take turns (empty where one writer already serializes writes).
    public let lockingClause: String
    /// Whether each statement costs a round trip to a server, so that rows written together are
    /// worth putting in one multi-row statement (false where statements run in the process).
    public let statementsAreRoundTrips: Bool
    /// Statements around deletes whose content must not stay in the file's freed space (a
    /// visitor's data): SQLite's `secure_delete` zeroes what it frees, on for those deletes only,
    /// since it writes more for every other one; nil where the backend has no such switch.
    public let erasingDeletes: (on: String, off: String)?
    /// How the backend's full-text index is matched: the query language differs too much for a
    /// function of text to cover it, so the search storage writes each form (`SearchRows`).
    public let fullText: FullTextSyntax

    public init(name: String, substringPosition: @escaping @Sendable (String, String) -> String,
                asciiLowercase: @escaping @Sendable (String) -> String, lockingClause: String,
                statementsAreRoundTrips: Bool = false, erasingDeletes: (on: String, off: String)? = nil,
                fullText: FullTextSyntax) {
        self.name = name
        self.substringPosition = substringPosition
        self.asciiLowercase = asciiLowercase
        self.lockingClause = lockingClause
        self.statementsAreRoundTrips = statementsAreRoundTrips
        self.erasingDeletes = erasingDeletes
        self.fullText = fullText
    }
}

/// A backend's full-text search: SQLite's FTS5 virtual tables (`MATCH` with FTS5's query
/// syntax) or PostgreSQL's `tsvector` with a GIN index (`@@` with a `tsquery`).
public enum FullTextSyntax: Sendable {
    case fts5
    case tsvector
}
