/// What the bytes given say about whether a file is plain UTF-8 text.
public enum TextVerdict: Sendable, Equatable {
    /// Valid UTF-8 without NUL. For a prefix, a sequence cut off by the end of the bytes counts,
    /// since the rest of it lies beyond them.
    case utf8
    /// A byte sequence that is not UTF-8 (RFC 3629: no overlongs, surrogates, or code points past
    /// U+10FFFF).
    case notUTF8
    /// A NUL byte. It is valid UTF-8, but no text file holds one, while UTF-16 text and nearly every
    /// binary format do, so a file with one is not taken for `text/plain`.
    case containsNUL

    /// Reads `bytes` up to the first problem. `isWholeFile` says whether they are the whole file;
    /// if not, a multi-byte sequence that the end cuts off is not held against them.
    public init(_ bytes: [UInt8], isWholeFile: Bool) {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead == 0 {
                self = .containsNUL
                return
            }
            guard let (length, secondRange) = Self.sequence(startingWith: lead) else {
                self = .notUTF8
                return
            }
            for offset in 1..<length {
                guard index + offset < bytes.count else {
                    self = isWholeFile ? .notUTF8 : .utf8
                    return
                }
                guard (offset == 1 ? secondRange : 0x80...0xBF).contains(bytes[index + offset]) else {
                    self = .notUTF8
                    return
                }
            }
            index += length
        }
        self = .utf8
    }

    /// The length of the sequence a lead byte starts and the range its second byte must lie in
    /// (RFC 3629 §4, which excludes overlongs and surrogates through that range); `nil` for a byte
    /// that cannot start a sequence.
    private static func sequence(startingWith lead: UInt8) -> (length: Int, second: ClosedRange<UInt8>)? {
        switch lead {
        case 0x00...0x7F: (1, 0x80...0xBF)
        case 0xC2...0xDF: (2, 0x80...0xBF)
        case 0xE0: (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80...0xBF)
        case 0xED: (3, 0x80...0x9F)
        case 0xF0: (4, 0x90...0xBF)
        case 0xF1...0xF3: (4, 0x80...0xBF)
        case 0xF4: (4, 0x80...0x8F)
        default: nil
        }
    }
}
