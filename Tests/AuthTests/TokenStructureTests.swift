import Auth
import JSON
import Testing

/// Length, splitting, base64url and JSON rules, which all apply before the signature is checked.
@Suite struct TokenStructureTests {
    // MARK: length

    @Test func tokenOfExactlyTheLimitVerifies() throws {
        let token = try #require(Self.paddedToken(length: 8192))
        #expect(throws: Never.self) { try Fixture.verify(token) }
    }

    @Test func validTokenOneByteOverTheLimitIsTooLong() throws {
        let token = try #require(Self.paddedToken(length: 8193))
        #expect(throws: TokenRejection.tooLong) { try Fixture.verify(token) }
    }

    @Test func lengthIsCheckedBeforeAnythingElse() {
        let garbage = String(repeating: ".", count: 9000)
        #expect(throws: TokenRejection.tooLong) { try Fixture.verify(garbage) }
    }

    @Test func limitCountsUTF8Bytes() {
        // 4100 two-byte characters: 4100 characters but 8200 bytes.
        let token = String(repeating: "é", count: 4100)
        #expect(throws: TokenRejection.tooLong) { try Fixture.verify(token) }
    }

    @Test func limitIsConfigurable() {
        let token = Fixture.token(claims: Fixture.claims)
        let count = token.utf8.count
        #expect(throws: Never.self) { try Fixture.verify(token, verifier: TokenVerifier(maxLength: count)) }
        #expect(throws: TokenRejection.tooLong) { try Fixture.verify(token, verifier: TokenVerifier(maxLength: count - 1)) }
    }

    /// A valid token padded with an ignored claim to exactly `length` bytes, if one exists.
    static func paddedToken(length: Int) -> String? {
        (6000...6200).lazy
            .map { Fixture.token(claims: Fixture.claims(with: [("pad", .string(String(repeating: "x", count: $0)))])) }
            .first { $0.utf8.count == length }
    }

    // MARK: parts

    @Test(arguments: [
        "", "abc", "a.b", "a.b.c.d", "a.b.c.", ".a.b.c", "....",
    ])
    func anythingButThreePartsIsMalformed(_ token: String) {
        #expect(throws: TokenRejection.malformed) { try Fixture.verify(token) }
    }

    @Test func fourPartsOfAValidTokenAreMalformed() {
        let token = Fixture.token(claims: Fixture.claims)
        #expect(throws: TokenRejection.malformed) { try Fixture.verify(token + ".AAAA") }
        #expect(throws: TokenRejection.malformed) { try Fixture.verify(token + ".") }
    }

    // MARK: base64url

    @Test(arguments: [0, 1, 2])
    func paddingIsRejected(part: Int) throws {
        let token = try #require(Self.tokenWithPaddablePart(part))
        let parts = token.split(separator: ".").map(String.init)
        let padding = String(repeating: "=", count: (4 - parts[part].utf8.count % 4) % 4)
        #expect(!padding.isEmpty)
        let padded = Fixture.replacingPart(part, of: token, with: parts[part] + padding)
        #expect(throws: TokenRejection.badEncoding) { try Fixture.verify(padded) }
    }

    /// A valid token whose part `part` has a length that standard base64 would pad.
    static func tokenWithPaddablePart(_ part: Int) -> String? {
        (0..<3).lazy
            .map { extra in
                let filler = String(repeating: "x", count: extra)
                let claims = Fixture.claims(with: [("p", .string(filler))])
                return Fixture.token(header: #"{"alg":"HS256","kid":"\#(filler)"}"#, payload: JSONValue.object(claims).jsonText)
            }
            .first { $0.split(separator: ".")[part].utf8.count % 4 != 0 }
    }

    @Test(arguments: [" ", "\n", "\t", "\r\n"])
    func whitespaceInsideAPartIsRejected(_ whitespace: String) {
        let token = Fixture.token(claims: Fixture.claims)
        let parts = token.split(separator: ".").map(String.init)
        for index in 0..<3 {
            let part = parts[index]
            let middle = part.index(part.startIndex, offsetBy: part.count / 2)
            let spaced = String(part[..<middle]) + whitespace + String(part[middle...])
            #expect(throws: TokenRejection.badEncoding) { try Fixture.verify(Fixture.replacingPart(index, of: token, with: spaced)) }
        }
    }

    @Test func strayTrailingBitsAreRejected() throws {
        // 32 signature bytes encode to 43 characters: the last one carries 2 spare bits, which
        // must be zero. Setting one yields a different text for the same bytes.
        let token = Fixture.token(claims: Fixture.claims)
        let signature = String(token.split(separator: ".")[2])
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let last = try #require(signature.last)
        let value = try #require(alphabet.firstIndex(of: last))
        #expect(value & 0b11 == 0)
        let stray = String(signature.dropLast()) + String(alphabet[value | 0b01])
        #expect(Base64URL.decode(stray) == nil)
        #expect(throws: TokenRejection.badEncoding) { try Fixture.verify(Fixture.replacingPart(2, of: token, with: stray)) }
    }

    @Test func standardAlphabetIsRejected() {
        let header = #"{"alg":"HS256","typ":"JWT"}"#
        let token = Fixture.token(header: header)
        // Force a '+' and a '/' into the signature part: neither belongs to base64url.
        for character in ["+", "/"] {
            let signature = String(token.split(separator: ".")[2])
            let changed = character + signature.dropFirst()
            #expect(throws: TokenRejection.badEncoding) { try Fixture.verify(Fixture.replacingPart(2, of: token, with: changed)) }
        }
    }

    @Test func partWithOneCharacterOverIsRejected() {
        let token = Fixture.token(claims: Fixture.claims)
        let signature = String(token.split(separator: ".")[2])  // 43 characters
        #expect(throws: TokenRejection.badEncoding) { try Fixture.verify(Fixture.replacingPart(2, of: token, with: signature + "AA")) }
    }

    // MARK: JSON

    @Test(arguments: [
        #"["alg","HS256"]"#, #""HS256""#, "1", "null", "true", "", "{", #"{"alg":"HS256",}"#,
        #"{"alg":"HS256"} x"#,
    ])
    func headerThatIsNotAJSONObjectIsRejected(_ header: String) {
        #expect(throws: TokenRejection.badJSON) { try Fixture.verify(Fixture.token(header: header)) }
    }

    @Test(arguments: [
        #"[{"website":"ws_test"}]"#, #""ws_test""#, "1800000000", "null", "", "{",
    ])
    func payloadThatIsNotAJSONObjectIsRejected(_ payload: String) {
        #expect(throws: TokenRejection.badJSON) { try Fixture.verify(Fixture.token(payload: payload)) }
    }

    @Test func duplicateHeaderMemberIsRejected() {
        let duplicated = Fixture.token(header: #"{"alg":"HS256","alg":"HS256"}"#)
        #expect(throws: TokenRejection.badJSON) { try Fixture.verify(duplicated) }
        let shadowed = Fixture.token(header: #"{"alg":"none","alg":"HS256"}"#)
        #expect(throws: TokenRejection.badJSON) { try Fixture.verify(shadowed) }
    }

    @Test func duplicatePayloadMemberIsRejected() {
        let payload = #"{"website":"ws_test","sub":"user-1","role":"visitor","role":"admin","exp":1800003600}"#
        #expect(throws: TokenRejection.badJSON) { try Fixture.verify(Fixture.token(payload: payload)) }
        // The same payload without the repeat verifies, so the duplicate alone is refused.
        let single = #"{"website":"ws_test","sub":"user-1","role":"admin","exp":1800003600}"#
        #expect(throws: Never.self) { try Fixture.verify(Fixture.token(payload: single)) }
    }

    @Test func escapedDuplicateMemberIsRejected() {
        // "\u0072ole" is "role" spelled with an escape: still the same member name.
        let payload = #"{"website":"ws_test","sub":"user-1","role":"visitor","\u0072ole":"admin","exp":1800003600}"#
        #expect(throws: TokenRejection.badJSON) { try Fixture.verify(Fixture.token(payload: payload)) }
    }

    @Test func insignificantWhitespaceInsideTheJSONIsAccepted() {
        let header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"
        let payload = "{ \"website\": \"ws_test\", \"sub\": \"user-1\",\n \"role\": \"bot\", \"exp\": 1800003600 }"
        #expect(throws: Never.self) { try Fixture.verify(Fixture.token(header: header, payload: payload)) }
    }
}
