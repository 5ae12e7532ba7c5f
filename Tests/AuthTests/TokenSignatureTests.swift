import Auth
import JSON
import Testing

@Suite struct TokenSignatureTests {
    @Test func tamperedPayloadIsABadSignature() {
        let token = Fixture.token(claims: Fixture.claims)
        let forged = TokenSigner.sign(claims: Fixture.claims(with: [("role", "admin")]), secret: "guess")
        let tampered = Fixture.replacingPart(1, of: token, with: String(forged.split(separator: ".")[1]))
        #expect(throws: TokenRejection.badSignature) { try Fixture.verify(tampered) }
    }

    @Test func tamperedHeaderIsABadSignature() {
        let token = Fixture.token(claims: Fixture.claims)
        let header = Base64URL.encode(Array(#"{"alg":"HS256"}"#.utf8))
        #expect(throws: TokenRejection.badSignature) { try Fixture.verify(Fixture.replacingPart(0, of: token, with: header)) }
    }

    @Test func everyAlteredSignatureByteIsCaught() throws {
        let token = Fixture.token(claims: Fixture.claims)
        let signature = try #require(Base64URL.decode(token.split(separator: ".")[2]))
        for index in signature.indices {
            var altered = signature
            altered[index] ^= 0x80
            let forged = Fixture.replacingPart(2, of: token, with: Base64URL.encode(altered))
            #expect(throws: TokenRejection.badSignature) { try Fixture.verify(forged) }
        }
    }

    @Test func truncatedOrEmptySignatureIsABadSignature() throws {
        let token = Fixture.token(claims: Fixture.claims)
        let signature = try #require(Base64URL.decode(token.split(separator: ".")[2]))
        let truncated = Fixture.replacingPart(2, of: token, with: Base64URL.encode(signature.prefix(16)))
        #expect(throws: TokenRejection.badSignature) { try Fixture.verify(truncated) }
        #expect(throws: TokenRejection.badSignature) { try Fixture.verify(Fixture.replacingPart(2, of: token, with: "")) }
    }

    @Test func wrongSecretIsABadSignature() {
        let token = TokenSigner.sign(claims: Fixture.claims, secret: WebsiteSecret.generate())
        #expect(throws: TokenRejection.badSignature) { try Fixture.verify(token) }
    }

    @Test func keyIsTheSecretTextNotItsDecodedBytes() throws {
        let decodedKey = try #require(Base64URL.decode(WebsiteSecret.generate()))
        let secret = Base64URL.encode(decodedKey)
        let payload = JSONValue.object(Fixture.claims).jsonText
        let header = #"{"alg":"HS256","typ":"JWT"}"#
        let signingInput = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        let withDecodedKey = signingInput + "." + Base64URL.encode(HMAC.authenticationCode(.hs256, key: decodedKey, message: Array(signingInput.utf8)))
        #expect(throws: TokenRejection.badSignature) { try Fixture.verify(withDecodedKey, secrets: [Fixture.website: secret]) }
        #expect(throws: Never.self) { try Fixture.verify(Fixture.token(payload: payload, secret: secret), secrets: [Fixture.website: secret]) }
    }

    @Test func unknownWebsiteIsIndistinguishableFromABadSignature() {
        let claims = Fixture.claims(with: [("website", "ws_missing")])
        // Signed with a secret that some other website really has: still unknown for ws_missing.
        let unknown = Fixture.token(claims: claims)
        var unknownError: TokenRejection?
        do { _ = try Fixture.verify(unknown) } catch { unknownError = error }

        let forged = TokenSigner.sign(claims: Fixture.claims, secret: "not the secret")
        var forgedError: TokenRejection?
        do { _ = try Fixture.verify(forged) } catch { forgedError = error }

        #expect(unknownError == .badSignature)
        #expect(unknownError == forgedError)
    }

    @Test func secretIsLookedUpByTheWebsiteClaim() throws {
        var lookups: [String] = []
        let otherSecret = WebsiteSecret.generate()
        let token = TokenSigner.sign(claims: Fixture.claims(with: [("website", "ws_other")]), secret: otherSecret)
        let verified = try TokenVerifier().verify(token, now: Fixture.now) { website in
            lookups.append(website)
            return website == "ws_other" ? otherSecret : Fixture.secret
        }
        #expect(lookups == ["ws_other"])
        #expect(verified.websiteID == "ws_other")
    }

    @Test func emptySecretNeverVerifies() {
        let token = Fixture.token(payload: JSONValue.object(Fixture.claims).jsonText, secret: "")
        #expect(throws: TokenRejection.badSignature) { try Fixture.verify(token, secrets: [Fixture.website: ""]) }
    }

    @Test func rotatedSecretInvalidatesOldTokens() throws {
        let oldSecret = WebsiteSecret.generate()
        let newSecret = WebsiteSecret.generate()
        let oldToken = TokenSigner.sign(claims: Fixture.claims, secret: oldSecret)
        let newToken = TokenSigner.sign(claims: Fixture.claims, secret: newSecret)
        #expect(throws: Never.self) { try Fixture.verify(oldToken, secrets: [Fixture.website: oldSecret]) }
        #expect(throws: TokenRejection.badSignature) { try Fixture.verify(oldToken, secrets: [Fixture.website: newSecret]) }
        #expect(throws: Never.self) { try Fixture.verify(newToken, secrets: [Fixture.website: newSecret]) }
    }

    @Test func claimsAndTimesAreJudgedOnlyAfterTheSignature() {
        // Bad claims or an expired token under a bad signature still say only "bad signature".
        let badClaims = TokenSigner.sign(claims: Fixture.claims(with: [("role", "owner")]), secret: "wrong")
        #expect(throws: TokenRejection.badSignature) { try Fixture.verify(badClaims) }
        let expired = TokenSigner.sign(claims: Fixture.claims(with: [("exp", 1)]), secret: "wrong")
        #expect(throws: TokenRejection.badSignature) { try Fixture.verify(expired) }
    }
}
