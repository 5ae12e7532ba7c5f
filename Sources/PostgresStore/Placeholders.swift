/// SQL written for every backend, with `?` placeholders, turned into PostgreSQL's numbered
/// `$1...$n`. Done once per SQL text (the prepared statement cache keeps the result), skipping
/// strings, quoted identifiers, comments and dollar-quoted bodies, where a `?` is just a character.
///
/// PostgreSQL's jsonb operators `?`, `?|` and `?&` cannot be written in such SQL: they would be
/// taken for placeholders. Shared SQL has no use for them (SQLite has no such operators).
struct NumberedSQL {
    let text: String
    let parameterCount: Int
    /// The statement's tokens, for the checks that follow (`TransactionControl`).
    let tokens: [SQLToken]

    init(_ sql: String) {
        let bytes = Array(sql.utf8)
        tokens = SQLToken.scan(bytes)
        var rewritten: [UInt8] = []
        rewritten.reserveCapacity(bytes.count + 8)
        var copied = 0
        var count = 0
        for token in tokens where token.kind == .placeholder {
            count += 1
            rewritten += bytes[copied..<token.range.lowerBound]
            rewritten += Array("$\(count)".utf8)
            copied = token.range.upperBound
        }
        rewritten += bytes[copied...]
        text = count == 0 ? sql : String(decoding: rewritten, as: UTF8.self)
        parameterCount = count
    }
}
