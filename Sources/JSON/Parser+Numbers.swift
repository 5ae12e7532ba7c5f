extension Parser {
    /// Parses a number per the RFC 8259 grammar. Integers that fit in `Int` are accumulated exactly
    /// as they are read; anything else is converted to `Double` once, from the literal's bytes.
    mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = position
        let isNegative = advance(over: UInt8(ascii: "-"))
        guard position < bytes.count, isDigit(bytes[position]) else { throw JSONError(.invalidNumber, at: position) }

        var integer = 0
        var fitsInInt = true
        if advance(over: UInt8(ascii: "0")) {
            if position < bytes.count && isDigit(bytes[position]) { throw JSONError(.invalidNumber, at: position) }
        } else {
            while position < bytes.count, isDigit(bytes[position]) {
                let digit = Int(bytes[position] - UInt8(ascii: "0"))
                if fitsInInt {
                    // Accumulating on the number's own side of zero lets Int.min be represented.
                    let (shifted, shiftOverflow) = integer.multipliedReportingOverflow(by: 10)
                    let (next, addOverflow) = isNegative
                        ? shifted.subtractingReportingOverflow(digit)
                        : shifted.addingReportingOverflow(digit)
                    if shiftOverflow || addOverflow { fitsInInt = false } else { integer = next }
                }
                position += 1
            }
        }

        var isIntegerLiteral = true
        if advance(over: UInt8(ascii: ".")) {
            isIntegerLiteral = false
            try skipDigits()
        }
        if advance(over: UInt8(ascii: "e")) || advance(over: UInt8(ascii: "E")) {
            isIntegerLiteral = false
            if !advance(over: UInt8(ascii: "+")) { _ = advance(over: UInt8(ascii: "-")) }
            try skipDigits()
        }

        // "-0" has no Int form; as a Double it keeps its sign and so re-encodes the same.
        if isIntegerLiteral && fitsInInt && !(isNegative && integer == 0) {
            return .int(integer)
        }
        // Short literals fit in a String's inline storage, so this allocates nothing for them.
        let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let double = Double(literal), double.isFinite else { throw JSONError(.invalidNumber, at: start) }
        return .double(double)
    }

    /// Steps over one or more digits, as required after a decimal point or an exponent marker.
    private mutating func skipDigits() throws(JSONError) {
        guard position < bytes.count, isDigit(bytes[position]) else { throw JSONError(.invalidNumber, at: position) }
        repeat {
            position += 1
        } while position < bytes.count && isDigit(bytes[position])
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
