/// A cursor over the bytes of one header field value, for the list syntax of RFC 9110 §5.6.1.
struct HeaderScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// Set when a parse stopped at bytes that do not fit the grammar, as opposed to the end.
    private(set) var isMalformed = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { position == bytes.count }

    mutating func skipWhitespace() {
        while position < bytes.count, isWhitespace(bytes[position]) { position += 1 }
    }

    /// Moves past `byte` if it is next, and tells whether it was.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// The next non-empty member of a comma-separated list, untrimmed; nil at the end.
    mutating func nextListMember() -> UnsafeBufferPointer<UInt8>.SubSequence? {
        while position < bytes.count {
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: ",") { position += 1 }
            let member = bytes[start..<position]
            if position < bytes.count { position += 1 }
            if !trimmingWhitespace(member).isEmpty { return member }
        }
        return nil
    }

    /// The opaque part (quotes included, `W/` left out) of the next entity tag in a list; nil at
    /// the end of the list, and when the list is malformed (then `isMalformed` is set).
    mutating func nextEntityTag() -> UnsafeBufferPointer<UInt8>.SubSequence? {
        while position < bytes.count, isWhitespace(bytes[position]) || bytes[position] == UInt8(ascii: ",") {
            position += 1
        }
        guard !isAtEnd else { return nil }
        if consume(UInt8(ascii: "W")), !consume(UInt8(ascii: "/")) { return malformed() }
        let start = position
        guard consume(UInt8(ascii: "\"")) else { return malformed() }
        while position < bytes.count, isEntityTagCharacter(bytes[position]) { position += 1 }
        guard consume(UInt8(ascii: "\"")) else { return malformed() }
        let tag = bytes[start..<position]
        skipWhitespace()
        guard isAtEnd || bytes[position] == UInt8(ascii: ",") else { return malformed() }
        return tag
    }

    private mutating func malformed() -> UnsafeBufferPointer<UInt8>.SubSequence? {
        isMalformed = true
        return nil
    }
}

/// `etagc` of RFC 9110 §8.8.3: visible ASCII except the double quote, plus obs-text.
func isEntityTagCharacter(_ byte: UInt8) -> Bool {
    byte == 0x21 || (0x23...0x7E).contains(byte) || byte >= 0x80
}

/// Compares header bytes with a lowercase ASCII literal, ignoring the case of the header bytes.
func equalsIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence, _ lowercase: StaticString) -> Bool {
    guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
    let literal = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
    return zip(bytes, literal).allSatisfy { byte, expected in
        let folded = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
        return folded == expected
    }
}

/// The bytes without the spaces and tabs HTTP allows around separators (OWS).
func trimmingWhitespace(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> UnsafeBufferPointer<UInt8>.SubSequence {
    var trimmed = bytes
    while let first = trimmed.first, isWhitespace(first) { trimmed = trimmed.dropFirst() }
    while let last = trimmed.last, isWhitespace(last) { trimmed = trimmed.dropLast() }
    return trimmed
}

func isWhitespace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
}

/// `tchar` of RFC 9110 §5.6.2, the characters of a token such as a content-coding name.
func isTokenCharacter(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return true
    default:
        return "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }
}
