/// Reads text that spells a JSON number (RFC 8259: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
///
/// One reader serves both sides of a filter: typing a query value (`123` is a number, `007` and
/// `1.` are strings) and deciding whether a metadata string counts as a number (`"123"` equals the
/// filter value `123`). The metadata index stores the same reading, so SQL and the in-memory
/// evaluator can never disagree about which strings are numbers. An integer (no fraction, no
/// exponent) that fits in `Int64` is read exactly; anything else as a double.
enum NumericText {
    /// The number `text` spells, or nil when it is not a JSON number or is too large to be finite.
    static func value(of text: some StringProtocol) -> ExactNumber? {
        guard let shape = shape(of: text.utf8) else { return nil }
        if shape == .integer, let integer = Int64(String(text)) { return .integer(integer) }
        guard let value = Double(String(text)), value.isFinite else { return nil }
        return .double(value)
    }

    private enum Shape {
        case integer, fractionOrExponent
    }

    private static func shape(of utf8: some Collection<UInt8>) -> Shape? {
        var index = utf8.startIndex
        var shape = Shape.integer
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
            return nil
        }
        if next() == UInt8(ascii: ".") {
            utf8.formIndex(after: &index)
            shape = .fractionOrExponent
            guard skipDigits() > 0 else { return nil }
        }
        if next() == UInt8(ascii: "e") || next() == UInt8(ascii: "E") {
            utf8.formIndex(after: &index)
            shape = .fractionOrExponent
            if next() == UInt8(ascii: "+") || next() == UInt8(ascii: "-") { utf8.formIndex(after: &index) }
            guard skipDigits() > 0 else { return nil }
        }
        return index == utf8.endIndex ? shape : nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
