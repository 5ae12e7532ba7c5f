import Auth
import Testing

/// Every header below is correctly signed with the website's secret (HS256), so only the header
/// rule under test can refuse it.
@Suite struct TokenHeaderTests {
    @Test(arguments: [#"{"typ":"JWT"}"#, "{}", #"{"alg":256}"#, #"{"alg":null}"#, #"{"alg":["HS256"]}"#])
    func missingOrNonStringAlgIsABadHeader(_ header: String) {
        #expect(throws: TokenRejection.badHeader) { try Fixture.verify(Fixture.token(header: header)) }
    }

    @Test(arguments: ["none", "None", "hs256", "Hs256", "HS256 ", " HS256", "RS256", "ES256", "PS256", "HS1", ""])
    func algOtherThanTheThreeIsUnsupported(_ alg: String) {
        let header = #"{"alg":"\#(alg)","typ":"JWT"}"#
        #expect(throws: TokenRejection.unsupportedAlgorithm) { try Fixture.verify(Fixture.token(header: header)) }
    }

    /// No text WebChatKit keeps may hold U+0000, so a header or claim holding one is not JSON it
    /// reads at all (`JSONParsingOptions.allowsNul`).
    @Test func aNulInTheHeaderIsRefusedAsBadJSON() {
        let header = #"{"alg":"HS256\u0000","typ":"JWT"}"#
        #expect(throws: TokenRejection.badJSON) { try Fixture.verify(Fixture.token(header: header)) }
    }

    @Test func unsignedNoneTokenIsUnsupported() {
        let valid = Fixture.token(claims: Fixture.claims)
        let parts = valid.split(separator: ".")
        let none = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + parts[1] + "."
        #expect(throws: TokenRejection.unsupportedAlgorithm) { try Fixture.verify(none) }
    }

    @Test(arguments: HMACAlgorithm.allCases)
    func headerAlgChoosesTheHMAC(algorithm: HMACAlgorithm) throws {
        let header = #"{"alg":"\#(algorithm.rawValue)"}"#
        let payload = Fixture.token(claims: Fixture.claims).split(separator: ".")[1]
        let decodedPayload = String(decoding: try #require(Base64URL.decode(payload)), as: UTF8.self)
        let token = Fixture.token(header: header, payload: decodedPayload, algorithm: algorithm)
        #expect(throws: Never.self) { try Fixture.verify(token) }
        // The same header signed with another algorithm's HMAC does not verify.
        let other = try #require(HMACAlgorithm.allCases.first { $0 != algorithm })
        let mismatched = Fixture.token(header: header, payload: decodedPayload, algorithm: other)
        #expect(throws: TokenRejection.badSignature) { try Fixture.verify(mismatched) }
    }

    @Test(arguments: [
        #""crit":["exp"]"#, #""crit":[]"#, #""jku":"https://attacker.example/keys""#,
        #""jwk":{"kty":"oct","k":"AAAA"}"#, #""x5u":"https://attacker.example/cert""#, #""x5c":["MIIB"]"#,
        #""jku":null"#,
    ])
    func keyAndExtensionHeadersAreForbidden(_ member: String) {
        let header = #"{"alg":"HS256","typ":"JWT",\#(member)}"#
        #expect(throws: TokenRejection.forbiddenHeader) { try Fixture.verify(Fixture.token(header: header)) }
    }

    @Test(arguments: [#""jwt""#, #""JOSE""#, #""at+jwt""#, #""JWT ""#, #""""#, "1", "null", #"["JWT"]"#])
    func typOtherThanJWTIsABadType(_ type: String) {
        let header = #"{"alg":"HS256","typ":\#(type)}"#
        #expect(throws: TokenRejection.badType) { try Fixture.verify(Fixture.token(header: header)) }
    }

    @Test func headerIsCheckedBeforeTheSecretIsLookedUp() {
        var lookups: [String] = []
        let token = Fixture.token(header: #"{"alg":"none"}"#)
        #expect(throws: TokenRejection.unsupportedAlgorithm) {
            try TokenVerifier().verify(token, now: Fixture.now) { website in
                lookups.append(website)
                return Fixture.secret
            }
        }
        #expect(lookups.isEmpty)
    }
}
