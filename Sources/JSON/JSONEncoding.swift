/// Building blocks of the encoder, public so that hot paths (realtime events) can write JSON by
/// hand into one buffer with exactly the escaping `JSONValue` uses.
public enum JSONEncoding {
    /// Appends `string` as a JSON string literal (quotes and escapes).
    ///
    /// Escapes `"`, `\` and control characters, plus U+2028 and U+2029 so the output can be
    /// embedded in JavaScript source; `/` and all other non-ASCII text are written as they are.
    /// Runs of bytes that need no escaping are copied in bulk.
    public static func appendString(_ string: String, to buffer: inout [UInt8]) {
        var string = string
        buffer.append(UInt8(ascii: "\""))
        string.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                let escapedLength: Int
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    escapedLength = 1
                } else if byte == 0xE2 && isLineOrParagraphSeparator(utf8, at: index) {
                    escapedLength = 3
                } else {
                    index += 1
                    continue
                }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(for: utf8, at: index, to: &buffer)
                index += escapedLength
                runStart = index
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends an integer in decimal.
    public static func appendInteger(_ value: Int, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let digitsStart = buffer.count
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        } while magnitude != 0
        buffer[digitsStart...].reverse()
    }

    /// Appends the shortest text that reads back as exactly `value`; `null` when it is not finite,
    /// since JSON has no spelling for infinity or NaN.
    public static func appendNumber(_ value: Double, to buffer: inout [UInt8]) {
        guard value.isFinite else {
            appendNull(to: &buffer)
            return
        }
        // Swift's shortest round-trip form ("5.0", "1e-05", "1e+20", "-0.0") is valid JSON as is.
        buffer.append(contentsOf: value.description.utf8)
    }

    static func appendNull(to buffer: inout [UInt8]) {
        buffer.append(contentsOf: "null".utf8)
    }

    static func appendBool(_ value: Bool, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Whether the bytes at `index` (starting with 0xE2) encode U+2028 or U+2029.
    private static func isLineOrParagraphSeparator(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9)
    }

    private static func appendEscape(for utf8: UnsafeBufferPointer<UInt8>, at index: Int, to buffer: inout [UInt8]) {
        let byte = utf8[index]
        buffer.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(byte)
        case 0x08: buffer.append(UInt8(ascii: "b"))
        case 0x09: buffer.append(UInt8(ascii: "t"))
        case 0x0A: buffer.append(UInt8(ascii: "n"))
        case 0x0C: buffer.append(UInt8(ascii: "f"))
        case 0x0D: buffer.append(UInt8(ascii: "r"))
        case 0xE2:
            // U+2028 or U+2029: the third byte's low bit tells which.
            buffer.append(contentsOf: (utf8[index + 2] == 0xA8 ? "u2028" : "u2029").utf8)
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            buffer.append(contentsOf: "u00".utf8)
            buffer.append(hexDigits.utf8Start[Int(byte >> 4)])
            buffer.append(hexDigits.utf8Start[Int(byte & 0x0F)])
        }
    }
}
