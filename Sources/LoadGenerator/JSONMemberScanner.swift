import Glibc

/// Finds one member of a JSON object in its bytes without building any value: the load runner
/// needs three fields of each event (`type`, then `data.text`) hundreds of thousands of times a
/// second, and parsing whole events would cost more than the server's work it measures.
///
/// It walks the object's top level only, stepping over nested values by matching brackets
/// outside strings, so a key of the same name inside a nested object or a string never
/// matches. Keys are compared byte for byte, which is exact for plain ASCII keys written
/// without escapes (as every JSON encoder writes them). Input that is not a JSON object gives
/// nil; it is not otherwise validated.
enum JSONMemberScanner {
    /// The bytes of member `key`'s value in the object `bytes[range]`, or nil when absent.
    static func value(of key: StaticString, in bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int>? {
        guard let start = valueStart(of: key, in: bytes, range), let end = valueEnd(bytes, start, range.upperBound) else { return nil }
        return start..<end
    }

    /// The characters between the quotes of string member `key` (still escaped), or nil when the
    /// member is absent or not a string.
    static func string(of key: StaticString, in bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int>? {
        guard let start = valueStart(of: key, in: bytes, range), start < range.upperBound, bytes[start] == UInt8(ascii: "\""),
              let end = stringEnd(bytes, start, range.upperBound) else { return nil }
        return (start + 1)..<(end - 1)
    }

    /// Where member `key`'s value starts in the object that starts `bytes[range]`, without looking
    /// for its end: enough to search an object member in turn, since that search stops at the
    /// object's closing brace. `range` may run past the object.
    static func valueStart(of key: StaticString, in bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        let end = range.upperBound
        var index = skipSpace(bytes, range.lowerBound, end)
        guard index < end, bytes[index] == UInt8(ascii: "{") else { return nil }
        index = skipSpace(bytes, index + 1, end)
        if index < end, bytes[index] == UInt8(ascii: "}") { return nil }
        while index < end, bytes[index] == UInt8(ascii: "\"") {
            guard let keyEnd = stringEnd(bytes, index, end) else { return nil }
            let matches = equals(bytes, (index + 1)..<(keyEnd - 1), key)
            index = skipSpace(bytes, keyEnd, end)
            guard index < end, bytes[index] == UInt8(ascii: ":") else { return nil }
            let valueStart = skipSpace(bytes, index + 1, end)
            if matches { return valueStart < end ? valueStart : nil }
            guard let valueEnd = valueEnd(bytes, valueStart, end) else { return nil }
            index = skipSpace(bytes, valueEnd, end)
            guard index < end, bytes[index] == UInt8(ascii: ",") else { return nil }
            index = skipSpace(bytes, index + 1, end)
        }
        return nil
    }

    /// Whether `bytes[range]` is exactly `expected`.
    static func equals(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ expected: StaticString) -> Bool {
        guard range.count == expected.utf8CodeUnitCount else { return false }
        let base = expected.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != base[offset] { return false }
        return true
    }

    private static func skipSpace(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return index
            }
        }
        return index
    }

    /// Just past the closing quote of the string that opens at `start`, or nil when it does not
    /// close. Most of an event's bytes are inside strings, so quotes are found with `memchr`; a
    /// quote ends the string unless an odd run of backslashes escapes it.
    private static func stringEnd(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var index = start + 1
        while index < end {
            guard let found = memchr(base + index, Int32(UInt8(ascii: "\"")), end - index) else { return nil }
            let quote = base.distance(to: UnsafeRawPointer(found))
            var backslashes = 0
            while quote - backslashes - 1 > start, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes % 2 == 0 { return quote + 1 }
            index = quote + 1
        }
        return nil
    }

    /// Just past the value that starts at `start`: a string, a whole object or array, or a
    /// scalar (up to the next delimiter).
    private static func valueEnd(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int? {
        guard start < end else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return stringEnd(bytes, start, end)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < end {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard let after = stringEnd(bytes, index, end) else { return nil }
                    index = after
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return nil
        default:
            var index = start
            while index < end {
                switch bytes[index] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: " "), UInt8(ascii: "\t"),
                     UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    return index > start ? index : nil
                default:
                    index += 1
                }
            }
            return index > start ? index : nil
        }
    }
}
