/// Why a JSON text was rejected, and where.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The input ended inside a value.
        case unexpectedEnd
        /// A byte that cannot start or continue the expected token.
        case unexpectedCharacter
        /// A number that breaks the JSON grammar or is not finite as a `Double`.
        case invalidNumber
        /// An unescaped control character (below U+0020) inside a string.
        case invalidString
        /// An unknown escape, bad `\u` digits, or a surrogate escape without its pair.
        case invalidEscape
        /// Bytes that are not well-formed UTF-8.
        case invalidUTF8
        /// Nesting deeper than `JSONParsingOptions.maxDepth`.
        case tooDeep
        /// Input longer than `JSONParsingOptions.maxLength`.
        case tooLong
        /// An object repeats this member name (after unescaping).
        case duplicateKey(String)
        /// Something other than whitespace follows the value.
        case trailingData
        /// `\u0000` while `JSONParsingOptions.allowsNul` is off.
        case nul
    }

    public let reason: Reason
    /// Byte offset into the input where the problem was found.
    public let offset: Int

    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        switch reason {
        case .unexpectedEnd: "unexpected end of input at byte \(offset)"
        case .unexpectedCharacter: "unexpected character at byte \(offset)"
        case .invalidNumber: "invalid number at byte \(offset)"
        case .invalidString: "unescaped control character in string at byte \(offset)"
        case .invalidEscape: "invalid escape sequence at byte \(offset)"
        case .invalidUTF8: "invalid UTF-8 at byte \(offset)"
        case .tooDeep: "nesting too deep at byte \(offset)"
        case .tooLong: "input longer than the limit of \(offset) bytes"
        case .duplicateKey(let key): "duplicate member name \(JSONValue.string(key).jsonText) at byte \(offset)"
        case .trailingData: "unexpected data after the value at byte \(offset)"
        case .nul: "U+0000 in a string at byte \(offset), which no text here may hold"
        }
    }
}
