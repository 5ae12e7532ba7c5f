import Store

extension SQLDialect {
    /// PostgreSQL's SQL: `strpos`; `translate` over the 26 ASCII letters, since `lower()` follows
    /// the database's locale and would lower other letters too, where the filter evaluator lowers
    /// ASCII only; and `FOR UPDATE`, since the writers of several nodes commit concurrently and
    /// a read-then-write must lock the rows it is about to change. Every statement is a round trip
    /// to the server.
    public static let postgres = SQLDialect(
        name: "PostgreSQL",
        substringPosition: { haystack, needle in "strpos(\(haystack), \(needle))" },
        asciiLowercase: { text in "translate(\(text), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')" },
        lockingClause: " FOR UPDATE",
        statementsAreRoundTrips: true,
        fullText: .tsvector)
}
