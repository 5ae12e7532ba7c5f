/// A media type as a client declares it in `Content-Type` (RFC 9110 §8.3.1):
/// `type "/" subtype *( OWS ";" OWS [ name "=" ( token / quoted-string ) ] )`.
///
/// Type, subtype and parameter names are case-insensitive, so they are kept lowercase; parameter
/// values are kept as written (a quoted string unquoted), because whether a value's case matters
/// depends on the parameter.
public struct MediaType: Sendable, Equatable {
    public struct Parameter: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    public let type: String
    public let subtype: String
    public let parameters: [Parameter]

    /// `type/subtype` without parameters: what an allow-list and the signature rules compare.
    public var essence: String { type + "/" + subtype }

    /// Parses a declared type; `nil` when it is not one. Whitespace around the whole value is
    /// allowed, as a header field value's surrounding whitespace is not part of it (RFC 9110 §5.5).
    public init?(_ text: String) {
        var scanner = Scanner(bytes: Array(text.utf8))
        scanner.skipWhitespace()
        guard let type = scanner.token(), scanner.take(UInt8(ascii: "/")), let subtype = scanner.token() else { return nil }
        var parameters: [Parameter] = []
        while true {
            scanner.skipWhitespace()
            if scanner.isAtEnd { break }
            guard scanner.take(UInt8(ascii: ";")) else { return nil }
            scanner.skipWhitespace()
            // RFC 9110 allows an empty parameter (`text/plain;` or `;;`).
            guard let name = scanner.token() else { continue }
            guard scanner.take(UInt8(ascii: "=")), let value = scanner.quotedString() ?? scanner.token() else { return nil }
            parameters.append(Parameter(name: name.lowercased(), value: value))
        }
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
    }
}

/// The lexical pieces of RFC 9110 §5.6 that a media type is made of.
private struct Scanner {
    let bytes: [UInt8]
    var position = 0

    var isAtEnd: Bool { position == bytes.count }

    mutating func take(_ byte: UInt8) -> Bool {
        guard !isAtEnd, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// OWS: spaces and horizontal tabs.
    mutating func skipWhitespace() {
        while !isAtEnd, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
    }

    /// `1*tchar`, or `nil` (nothing consumed) when no tchar is next.
    mutating func token() -> String? {
        let start = position
        while !isAtEnd, Self.isTokenCharacter(bytes[position]) { position += 1 }
        return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
    }

    /// `DQUOTE *( qdtext / quoted-pair ) DQUOTE`, unescaped; `nil` with nothing consumed when no
    /// quote is next, and `nil` when the string is not closed or holds a byte it may not.
    mutating func quotedString() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        var value: [UInt8] = []
        while !isAtEnd {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard !isAtEnd, Self.isQuotedPairCharacter(bytes[position]) else { return nil }
                value.append(bytes[position])
                position += 1
            case 0x09, 0x20, 0x21, 0x23...0x5B, 0x5D...0x7E, 0x80...0xFF:
                value.append(byte)
            default:
                return nil
            }
        }
        return nil
    }

    /// tchar: `!#$%&'*+-.^_`|~`, digits and letters.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): true
        default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// HTAB, SP, VCHAR and obs-text.
    static func isQuotedPairCharacter(_ byte: UInt8) -> Bool {
        byte == 0x09 || byte >= 0x20 && byte != 0x7F
    }
}
