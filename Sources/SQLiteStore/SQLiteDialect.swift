import Store

extension SQLDialect {
    /// SQLite's SQL: `instr`, an ASCII-only `lower()` (SQLite is built without ICU), no row
    /// locks, since its one writer already serializes every write, and `secure_delete` for the
    /// deletes that must erase; full text through FTS5.
    public static let sqlite = SQLDialect(
        name: "SQLite",
        substringPosition: { haystack, needle in "instr(\(haystack), \(needle))" },
        asciiLowercase: { text in "lower(\(text))" },
        lockingClause: "",
        erasingDeletes: ("PRAGMA secure_delete = ON", "PRAGMA secure_delete = OFF"),
        fullText: .fts5)
}
