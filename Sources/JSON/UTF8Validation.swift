/// Well-formedness of UTF-8 per the Unicode Standard, Table 3-7: rejects overlong forms, encoded
/// surrogates, code points above U+10FFFF and truncated sequences.
enum UTF8Validation {
    /// The offset just past the well-formed multi-byte sequence starting at `start`, or nil when the
    /// bytes there are not one. `bytes[start]` must be 0x80 or above.
    static func sequenceEnd(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        let length: Int
        var secondByteRange: ClosedRange<UInt8> = 0x80...0xBF
        switch bytes[start] {
        case 0xC2...0xDF:
            length = 2
        case 0xE0:
            length = 3
            secondByteRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF:
            length = 3
        case 0xED:
            length = 3
            secondByteRange = 0x80...0x9F
        case 0xF0:
            length = 4
            secondByteRange = 0x90...0xBF
        case 0xF1...0xF3:
            length = 4
        case 0xF4:
            length = 4
            secondByteRange = 0x80...0x8F
        default:
            return nil
        }
        guard bytes.count - start >= length, secondByteRange.contains(bytes[start + 1]) else { return nil }
        for offset in (start + 2)..<(start + length) where !(0x80...0xBF).contains(bytes[offset]) {
            return nil
        }
        return start + length
    }
}
