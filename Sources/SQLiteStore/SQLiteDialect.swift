import Store

extension SQLDialect {
    /// SQLite's SQL: `instr`, an ASCII-only `lower()` (SQLite is built without ICU), and no row
    /// locks, since its one writer already serializes every write.
    public static let sqlite = SQLDialect(
        name: "SQLite",
        substringPosition: { haystack, needle in "instr(\(haystack), \(needle))" },
        asciiLowercase: { text in "lower(\(text))" },
        lockingClause: "")
}
