import JSON
import Testing

/// Each strict rule, with the reason and byte offset the parser must report.
@Suite struct ParsingErrorTests {
    private func expectError(
        _ input: String, _ reason: JSONError.Reason, at offset: Int,
        options: JSONParsingOptions = .init(), sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(throws: JSONError(reason, at: offset), sourceLocation: sourceLocation) {
            try JSONValue(parsing: input, options: options)
        }
    }

    private func expectError(
        bytes: [UInt8], _ reason: JSONError.Reason, at offset: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(throws: JSONError(reason, at: offset), sourceLocation: sourceLocation) {
            try JSONValue(parsing: bytes)
        }
    }

    @Test func trailingCommas() {
        expectError("[1,]", .unexpectedCharacter, at: 3)
        expectError(#"{"a":1,}"#, .unexpectedCharacter, at: 7)
    }

    @Test func numberGrammar() {
        expectError("01", .invalidNumber, at: 1)
        expectError("[-01]", .invalidNumber, at: 3)
        expectError("+1", .unexpectedCharacter, at: 0)
        expectError(".5", .unexpectedCharacter, at: 0)
        expectError("1.", .invalidNumber, at: 2)
        expectError("[1.e5]", .invalidNumber, at: 3)
        expectError("1e", .invalidNumber, at: 2)
        expectError("1e+", .invalidNumber, at: 3)
        expectError("-", .invalidNumber, at: 1)
        expectError("- 1", .invalidNumber, at: 1)
        expectError("NaN", .unexpectedCharacter, at: 0)
        expectError("Infinity", .unexpectedCharacter, at: 0)
        expectError("-Infinity", .invalidNumber, at: 1)
    }

    @Test func numbersOutOfDoubleRange() {
        expectError("1e400", .invalidNumber, at: 0)
        expectError("[0, -1e400]", .invalidNumber, at: 4)
        expectError("1" + String(repeating: "0", count: 400), .invalidNumber, at: 0)
    }

    @Test func quotesCommentsAndLiterals() {
        expectError("'a'", .unexpectedCharacter, at: 0)
        expectError("/*c*/1", .unexpectedCharacter, at: 0)
        expectError("[1]//c", .trailingData, at: 3)
        expectError("[1, /*c*/ 2]", .unexpectedCharacter, at: 4)
        expectError("trux", .unexpectedCharacter, at: 3)
        expectError("[nul]", .unexpectedCharacter, at: 4)
        expectError("True", .unexpectedCharacter, at: 0)
    }

    @Test func onlyFourWhitespaceCharacters() {
        expectError("\u{C}1", .unexpectedCharacter, at: 0)
        expectError("\u{A0}1", .unexpectedCharacter, at: 0)  // U+00A0 is well-formed UTF-8, just not whitespace
        expectError("\u{FEFF}{}", .unexpectedCharacter, at: 0)  // no byte order mark
        expectError("[1,\u{B}2]", .unexpectedCharacter, at: 3)
    }

    @Test func unescapedControlCharactersInStrings() {
        expectError("\"a\nb\"", .invalidString, at: 2)
        expectError("[\"\u{1F}\"]", .invalidString, at: 2)
        expectError("{\"k\u{0}\":1}", .invalidString, at: 3)
        expectError("\"\\n\t\"", .invalidString, at: 3)  // also after an escape
    }

    @Test func invalidUTF8() {
        expectError(bytes: [0x22, 0xC0, 0xAF, 0x22], .invalidUTF8, at: 1)  // overlong
        expectError(bytes: [0x22, 0xC1, 0xBF, 0x22], .invalidUTF8, at: 1)  // overlong
        expectError(bytes: [0x22, 0xE0, 0x9F, 0xBF, 0x22], .invalidUTF8, at: 1)  // overlong
        expectError(bytes: [0x22, 0xF0, 0x8F, 0xBF, 0xBF, 0x22], .invalidUTF8, at: 1)  // overlong
        expectError(bytes: [0x22, 0x61, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, at: 2)  // encoded surrogate
        expectError(bytes: [0x22, 0xED, 0xBF, 0xBF, 0x22], .invalidUTF8, at: 1)  // encoded surrogate
        expectError(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, at: 1)  // above U+10FFFF
        expectError(bytes: [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], .invalidUTF8, at: 1)
        expectError(bytes: [0x22, 0x61, 0x62, 0xE2, 0x82, 0x22], .invalidUTF8, at: 3)  // truncated
        expectError(bytes: [0x22, 0xE2, 0x82], .invalidUTF8, at: 1)  // truncated by the end of input
        expectError(bytes: [0x22, 0x80, 0x22], .invalidUTF8, at: 1)  // lone continuation
        expectError(bytes: [0x22, 0x5C, 0x6E, 0xFE, 0x22], .invalidUTF8, at: 3)  // after an escape
        expectError(bytes: [0x5B, 0xFF, 0x5D], .invalidUTF8, at: 1)  // outside strings
        expectError(bytes: [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D], .invalidUTF8, at: 2)  // in a key
        expectError("[é]", .unexpectedCharacter, at: 1)  // well-formed, merely out of place
    }

    @Test func wellFormedUTF8BoundariesAreAccepted() throws {
        let boundaries: [(bytes: [UInt8], scalar: UInt32)] = [
            ([0xC2, 0x80], 0x80), ([0xDF, 0xBF], 0x7FF), ([0xE0, 0xA0, 0x80], 0x800),
            ([0xED, 0x9F, 0xBF], 0xD7FF), ([0xEE, 0x80, 0x80], 0xE000), ([0xEF, 0xBF, 0xBF], 0xFFFF),
            ([0xF0, 0x90, 0x80, 0x80], 0x10000), ([0xF4, 0x8F, 0xBF, 0xBF], 0x10FFFF),
        ]
        for boundary in boundaries {
            let value = try JSONValue(parsing: [0x22] + boundary.bytes + [0x22])
            #expect(value == .string(String(Character(Unicode.Scalar(boundary.scalar)!))))
        }
    }

    @Test func invalidEscapes() {
        expectError(#""\x""#, .invalidEscape, at: 1)
        expectError(#""ab\'""#, .invalidEscape, at: 3)
        expectError(#""\u12G4""#, .invalidEscape, at: 1)
        expectError(#""\u12""#, .invalidEscape, at: 1)
        expectError(#""\U0041""#, .invalidEscape, at: 1)
        expectError(#""\u12"#, .unexpectedEnd, at: 5)
        expectError(#""\"#, .unexpectedEnd, at: 2)
    }

    @Test func loneSurrogateEscapes() {
        expectError(#""\uD800""#, .invalidEscape, at: 1)
        expectError(#""\uDBFF x""#, .invalidEscape, at: 1)
        expectError(#""\uDC00""#, .invalidEscape, at: 1)
        expectError(#""x\uDFFF\uD800""#, .invalidEscape, at: 2)
        expectError(#""\uD800\u0041""#, .invalidEscape, at: 1)
        expectError(#""ab\uD800\uD800""#, .invalidEscape, at: 3)
        expectError(#""\uD800\n""#, .invalidEscape, at: 1)
        expectError(#""\uD800\uDC0""#, .invalidEscape, at: 7)
        expectError(#""\uD800"#, .unexpectedEnd, at: 7)
    }

    @Test func duplicateKeysAreRejectedAfterUnescaping() {
        expectError(#"{"a":1,"a":2}"#, .duplicateKey("a"), at: 7)
        expectError(#"{"a":1,"\u0061":2}"#, .duplicateKey("a"), at: 7)
        expectError(#"{"a\/b":1, "a/b":2}"#, .duplicateKey("a/b"), at: 11)
        expectError(#"[{"o":{"k":1,"x":2,"k":3}}]"#, .duplicateKey("k"), at: 19)
    }

    @Test func duplicateKeysAreFoundInLargeObjects() {
        let members = (0..<40).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let text = "{" + members + #","k7":0}"#
        expectError(text, .duplicateKey("k7"), at: text.utf8.count - 7)
    }

    @Test func trailingData() {
        expectError("1 2", .trailingData, at: 2)
        expectError("{}x", .trailingData, at: 2)
        expectError("[1]]", .trailingData, at: 3)
        expectError("\"a\" \"b\"", .trailingData, at: 4)
        expectError("null\u{0}", .trailingData, at: 4)
    }

    @Test func unexpectedEnd() {
        expectError("", .unexpectedEnd, at: 0)
        expectError(" \n\t\r", .unexpectedEnd, at: 4)
        expectError("[1,", .unexpectedEnd, at: 3)
        expectError("[1", .unexpectedEnd, at: 2)
        expectError(#"{"a":"#, .unexpectedEnd, at: 5)
        expectError(#"{"a""#, .unexpectedEnd, at: 4)
        expectError(#"{"a":1"#, .unexpectedEnd, at: 6)
        expectError(#""abc"#, .unexpectedEnd, at: 4)
        expectError("tru", .unexpectedEnd, at: 3)
    }

    @Test func structuralCharactersOutOfPlace() {
        expectError("[1:2]", .unexpectedCharacter, at: 2)
        expectError(#"{"a" 1}"#, .unexpectedCharacter, at: 5)
        expectError("{1:1}", .unexpectedCharacter, at: 1)
        expectError("[1}", .unexpectedCharacter, at: 2)
        expectError(#"{"a":1]"#, .unexpectedCharacter, at: 6)
        expectError("]", .unexpectedCharacter, at: 0)
    }

    @Test func maxLengthIsCheckedBeforeParsing() throws {
        let options = JSONParsingOptions(maxLength: 3)
        // The input is not even valid JSON: the length check comes first.
        expectError("[1] ", .tooLong, at: 3, options: options)
        expectError("{{{{", .tooLong, at: 3, options: options)
        #expect(try JSONValue(parsing: "[1]", options: options) == [1])
    }

    @Test func hostileNestingIsTooDeep() {
        expectError(String(repeating: "[", count: 100_000), .tooDeep, at: 64)
        expectError(String(repeating: #"{"a":"#, count: 100_000), .tooDeep, at: 64 * 5)
        expectError(String(repeating: #"[{"a":"#, count: 50_000), .tooDeep, at: 32 * 6)
    }

    @Test func depthLimitIsExact() throws {
        let deepest = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONValue(parsing: deepest) }
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        expectError(tooDeep, .tooDeep, at: 64)

        let scalarsOnly = JSONParsingOptions(maxDepth: 0)
        #expect(try JSONValue(parsing: "1", options: scalarsOnly) == 1)
        expectError("[]", .tooDeep, at: 0, options: scalarsOnly)
        expectError(" {}", .tooDeep, at: 1, options: scalarsOnly)
    }

    @Test func raisedDepthLimitParsesDeepInput() throws {
        let depth = 2_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let value = try JSONValue(parsing: text, options: JSONParsingOptions(maxDepth: depth))
        #expect(value.jsonText == text)
    }

    @Test func descriptionsAreSentences() {
        #expect(JSONError(.unexpectedCharacter, at: 12).description == "unexpected character at byte 12")
        #expect(JSONError(.duplicateKey("a\"b"), at: 3).description == #"duplicate member name "a\"b" at byte 3"#)
        #expect(JSONError(.tooLong, at: 8192).description == "input longer than the limit of 8192 bytes")
        #expect(JSONError(.trailingData, at: 5).description == "unexpected data after the value at byte 5")
    }
}
