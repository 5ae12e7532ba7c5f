/// String comparisons by UTF-8 bytes, which is how SQLite compares text (BINARY collation,
/// `instr`, `lower`). Swift's own `==` and `<` follow canonical equivalence (`"é"` precomposed
/// equals `"e\u{301}"`), which SQL would not, so the evaluator must never use them on values.
enum ByteText {
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && lhs.utf8.elementsEqual(rhs.utf8)
    }

    /// Byte-wise order, a shorter prefix first: SQLite's BINARY collation (memcmp, then length),
    /// which for valid UTF-8 is code point order.
    static func order(of string: String, relativeTo bound: String) -> Comparison.Order {
        if equal(string, bound) { return .same }
        return string.utf8.lexicographicallyPrecedes(bound.utf8) ? .before : .after
    }

    /// Whether `haystack` holds `needle`'s bytes; the empty needle is in every string, as with
    /// SQLite's `instr`.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { haystackBytes in
            needle.withUTF8 { needleBytes in find(UnsafeRawBufferPointer(needleBytes), in: UnsafeRawBufferPointer(haystackBytes)) }
        }
    }

    /// Like `contains`, with A–Z and a–z the same and every other byte compared as it is, exactly
    /// like `instr(lower(haystack), lower(needle))` in SQLite built without ICU.
    static func containsIgnoringASCIICase(_ haystack: String, _ needle: String) -> Bool {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { haystackBytes in
            needle.withUTF8 { needleBytes in
                withLowercased(haystackBytes) { lowerHaystack in
                    withLowercased(needleBytes) { lowerNeedle in find(lowerNeedle, in: lowerHaystack) }
                }
            }
        }
    }

    /// `text` with ASCII letters lowered, as SQLite's `lower()` does: applied to a filter's needle
    /// before binding, and to both sides in memory.
    static func lowercasedASCII(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            withLowercased(bytes) { String(decoding: $0, as: UTF8.self) }
        }
    }

    private static func withLowercased<R>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { lowered in
            for (index, byte) in bytes.enumerated() {
                let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
                lowered[index] = isUpper ? byte | 0x20 : byte
            }
            return body(UnsafeRawBufferPointer(lowered))
        }
    }

    /// Knuth–Morris–Pratt search: linear in both lengths whatever the input, so a hostile needle
    /// against a long metadata string costs no more than reading them.
    private static func find(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Bool {
        if needle.isEmpty { return true }
        guard needle.count <= haystack.count else { return false }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: needle.count) { fallback in
            // fallback[i]: length of the longest proper prefix of needle[0...i] that is also its suffix.
            fallback[0] = 0
            var matched = 0
            for index in 1..<max(needle.count, 1) {
                while matched > 0 && needle[index] != needle[matched] { matched = fallback[matched - 1] }
                if needle[index] == needle[matched] { matched += 1 }
                fallback[index] = matched
            }
            matched = 0
            for byte in haystack {
                while matched > 0 && byte != needle[matched] { matched = fallback[matched - 1] }
                if byte == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            return false
        }
    }
}
