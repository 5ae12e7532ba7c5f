extension Parser {
    /// Parses the rest of a string whose opening quote has been consumed. A string without escapes
    /// is built straight from the validated input bytes.
    mutating func parseStringBody() throws(JSONError) -> String {
        let start = position
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return string
            case UInt8(ascii: "\\"):
                return try parseEscapedStringBody(from: start)
            default:
                try skipStringCharacter()
            }
        }
        throw JSONError(.unexpectedEnd, at: position)
    }

    /// Continues a string at its first escape, collecting the decoded bytes in `scratch`.
    private mutating func parseEscapedStringBody(from start: Int) throws(JSONError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                position += 1
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                try appendEscape()
                runStart = position
            default:
                try skipStringCharacter()
            }
        }
        throw JSONError(.unexpectedEnd, at: position)
    }

    /// Steps over one unescaped character, rejecting control characters and malformed UTF-8.
    private mutating func skipStringCharacter() throws(JSONError) {
        let byte = bytes[position]
        if byte < 0x20 {
            throw JSONError(.invalidString, at: position)
        }
        if byte < 0x80 {
            position += 1
            return
        }
        guard let end = UTF8Validation.sequenceEnd(in: bytes, at: position) else {
            throw JSONError(.invalidUTF8, at: position)
        }
        position = end
    }

    /// Decodes the escape at `position` (a backslash) into `scratch`.
    private mutating func appendEscape() throws(JSONError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw JSONError(.unexpectedEnd, at: position) }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
            scratch.append(letter)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try readHexDigits(escapeStart: escapeStart)
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate is only a character together with the low surrogate escape after it.
                let pairStart = position
                guard position < bytes.count else { throw JSONError(.unexpectedEnd, at: position) }
                guard advance(over: UInt8(ascii: "\\")), advance(over: UInt8(ascii: "u")) else {
                    throw JSONError(.invalidEscape, at: escapeStart)
                }
                let low = try readHexDigits(escapeStart: pairStart)
                guard (0xDC00...0xDFFF).contains(low) else { throw JSONError(.invalidEscape, at: escapeStart) }
                appendScalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            case 0xDC00...0xDFFF:
                throw JSONError(.invalidEscape, at: escapeStart)
            case 0 where !options.allowsNul:
                throw JSONError(.nul, at: escapeStart)
            default:
                appendScalar(unit)
            }
        default:
            throw JSONError(.invalidEscape, at: escapeStart)
        }
    }

    /// Reads the four hex digits of a `\u` escape.
    private mutating func readHexDigits(escapeStart: Int) throws(JSONError) -> UInt32 {
        var unit: UInt32 = 0
        for _ in 0..<4 {
            guard position < bytes.count else { throw JSONError(.unexpectedEnd, at: position) }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONError(.invalidEscape, at: escapeStart)
            }
            unit = unit << 4 | UInt32(digit)
            position += 1
        }
        return unit
    }

    /// Appends a scalar (never a surrogate, at most U+10FFFF) as UTF-8.
    private mutating func appendScalar(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(0xC0 | UInt8(scalar >> 6))
            scratch.append(0x80 | UInt8(scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(0xE0 | UInt8(scalar >> 12))
            scratch.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            scratch.append(0x80 | UInt8(scalar & 0x3F))
        default:
            scratch.append(0xF0 | UInt8(scalar >> 18))
            scratch.append(0x80 | UInt8(scalar >> 12 & 0x3F))
            scratch.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            scratch.append(0x80 | UInt8(scalar & 0x3F))
        }
    }
}
