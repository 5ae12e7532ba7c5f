/// Reads text that spells a JSON number (RFC 8259: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
///
/// One reader serves both sides of a filter: typing a query value (`123` is a number, `007` and
/// `1.` are strings) and deciding whether a metadata string counts as a number (`"123"` equals the
/// filter value `123`). The metadata index stores the same reading, so SQL and the in-memory
/// evaluator can never disagree about which strings are numbers.
enum NumericText {
    /// The number `text` spells, or nil when it is not a JSON number or is too large to be finite.
    static func value(of text: some StringProtocol) -> Double? {
        guard isJSONNumber(text.utf8), let value = Double(String(text)), value.isFinite else { return nil }
        return value
    }

    private static func isJSONNumber(_ utf8: some Collection<UInt8>) -> Bool {
        var index = utf8.startIndex
        func next() -> UInt8? { index < utf8.endIndex ? utf8[index] : nil }
        func skipDigits() -> Int {
            var count = 0
            while let byte = next(), isDigit(byte) {
                utf8.formIndex(after: &index)
                count += 1
            }
            return count
        }

        if next() == UInt8(ascii: "-") { utf8.formIndex(after: &index) }
        if next() == UInt8(ascii: "0") {
            utf8.formIndex(after: &index)
        } else if skipDigits() == 0 {
            return false
        }
        if next() == UInt8(ascii: ".") {
            utf8.formIndex(after: &index)
            guard skipDigits() > 0 else { return false }
        }
        if next() == UInt8(ascii: "e") || next() == UInt8(ascii: "E") {
            utf8.formIndex(after: &index)
            if next() == UInt8(ascii: "+") || next() == UInt8(ascii: "-") { utf8.formIndex(after: &index) }
            guard skipDigits() > 0 else { return false }
        }
        return index == utf8.endIndex
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
