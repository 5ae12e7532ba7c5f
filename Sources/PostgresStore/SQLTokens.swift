/// The pieces of SQL text that matter to the store, found the way PostgreSQL's own lexer finds
/// them: what is inside a string, a quoted identifier, a comment or a dollar-quoted body is never
/// taken for a placeholder, a keyword or the end of a statement.
struct SQLToken: Equatable {
    enum Kind: Equatable {
        /// A keyword or unquoted identifier, ASCII-lowercased as the server folds it.
        case word(String)
        /// A `"quoted"` identifier, as written between the quotes (`""` read as `"`).
        case quotedIdentifier(String)
        /// `?`, the placeholder every backend's SQL is written with.
        case placeholder
        case semicolon
        /// Anything else: literals, numbers, operators, `$1`.
        case other
    }

    let kind: Kind
    /// Where it stands in the text's UTF-8 bytes.
    let range: Range<Int>

    /// Every token of `sql`, comments and white space left out.
    static func scan(_ sql: some Collection<UInt8>) -> [SQLToken] {
        var scanner = SQLScanner(bytes: Array(sql))
        return scanner.tokens()
    }
}

/// Walks the bytes once; the byte-level rules live here, `SQLToken` is what comes out.
private struct SQLScanner {
    let bytes: [UInt8]
    var index = 0
    var result: [SQLToken] = []

    mutating func tokens() -> [SQLToken] {
        while index < bytes.count {
            let start = index
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0C:
                index += 1
            case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                skipBlockComment()
            case UInt8(ascii: "'"):
                skipQuoted(UInt8(ascii: "'"), backslashEscapes: followsEscapePrefix(start))
                add(.other, from: start)
            case UInt8(ascii: "\""):
                skipQuoted(UInt8(ascii: "\""), backslashEscapes: false)
                let inner = bytes[(start + 1)..<max(start + 1, index - 1)]
                let name = String(decoding: inner, as: UTF8.self).replacing("\"\"", with: "\"")
                add(.quotedIdentifier(name), from: start)
            case UInt8(ascii: "$"):
                skipDollar()
                add(.other, from: start)
            case UInt8(ascii: "?"):
                index += 1
                add(.placeholder, from: start)
            case UInt8(ascii: ";"):
                index += 1
                add(.semicolon, from: start)
            case _ where Self.startsIdentifier(byte):
                while index < bytes.count && Self.continuesIdentifier(bytes[index]) { index += 1 }
                let word = String(decoding: bytes[start..<index].map(Self.asciiLowercased), as: UTF8.self)
                add(.word(word), from: start)
            default:
                index += 1
                add(.other, from: start)
            }
        }
        return result
    }

    private mutating func add(_ kind: SQLToken.Kind, from start: Int) {
        result.append(SQLToken(kind: kind, range: start..<index))
    }

    private func peek(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    /// `E'...'` strings take backslash escapes, so `E'\''` is one string, not one and a half.
    private func followsEscapePrefix(_ quote: Int) -> Bool {
        guard let last = result.last, last.range.upperBound == quote, last.range.count == 1 else { return false }
        return last.kind == .word("e")
    }

    /// Block comments nest in PostgreSQL, unlike in C.
    private mutating func skipBlockComment() {
        var depth = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return }
            } else {
                index += 1
            }
        }
    }

    /// Past the closing `quote`; a doubled quote is one quote inside. Unterminated text runs to
    /// the end, for the server to refuse.
    private mutating func skipQuoted(_ quote: UInt8, backslashEscapes: Bool) {
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if backslashEscapes && byte == UInt8(ascii: "\\") {
                index += 2
            } else if byte == quote {
                index += 1
                guard index < bytes.count && bytes[index] == quote else { return }
                index += 1
            } else {
                index += 1
            }
        }
        index = min(index, bytes.count)
    }

    /// `$1` (a numbered parameter), `$tag$...$tag$` or `$$...$$` (a dollar-quoted string), or
    /// a lone `$`.
    private mutating func skipDollar() {
        index += 1
        if let next = peek(0), Self.isDigit(next) {
            while index < bytes.count && Self.isDigit(bytes[index]) { index += 1 }
            return
        }
        var end = index
        if end < bytes.count && Self.startsIdentifier(bytes[end]) {
            end += 1
            while end < bytes.count && Self.continuesIdentifier(bytes[end]) && bytes[end] != UInt8(ascii: "$") { end += 1 }
        }
        guard end < bytes.count && bytes[end] == UInt8(ascii: "$") else { return }
        let delimiter = Array(bytes[(index - 1)...end])
        index = end + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$") && bytes[index...].starts(with: delimiter) {
                index += delimiter.count
                return
            }
            index += 1
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Letters, `_` and every non-ASCII byte, as PostgreSQL's lexer has it.
    private static func startsIdentifier(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private static func continuesIdentifier(_ byte: UInt8) -> Bool {
        startsIdentifier(byte) || isDigit(byte) || byte == UInt8(ascii: "$")
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
