import Auth
import JSON
import Testing

@Suite struct TokenRoundTripTests {
    @Test(arguments: HMACAlgorithm.allCases)
    func signedTokenVerifies(algorithm: HMACAlgorithm) throws {
        let token = TokenSigner.sign(claims: Fixture.claims, secret: Fixture.secret, algorithm: algorithm)
        let verified = try Fixture.verify(token)
        #expect(verified == VerifiedToken(
            websiteID: Fixture.website,
            principal: Principal(id: "user-1", role: .agent),
            expiresAt: Fixture.now + 3600
        ))
    }

    @Test(arguments: HMACAlgorithm.allCases)
    func signerWritesTheStandardHeader(algorithm: HMACAlgorithm) throws {
        let token = TokenSigner.sign(claims: Fixture.claims, secret: Fixture.secret, algorithm: algorithm)
        let header = try #require(Base64URL.decode(token.split(separator: ".")[0]))
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"\#(algorithm.rawValue)","typ":"JWT"}"#)
        let signature = try #require(Base64URL.decode(token.split(separator: ".")[2]))
        #expect(signature.count == algorithm.outputByteCount)
    }

    @Test func everyOptionalClaimIsCarriedThrough() throws {
        let scope: JSONObject = ["metadata": ["project_id": 123, "owner": ["team": "core"]]]
        let claims = Fixture.claims(with: [
            ("role", "visitor"), ("name", "Ana Souza"), ("email", "ana@example.com"),
            ("scope", .object(scope)), ("iat", .int(Int(Fixture.now) - 10)), ("nbf", .int(Int(Fixture.now) - 5)),
        ])
        let verified = try Fixture.verify(Fixture.token(claims: claims))
        #expect(verified.principal == Principal(id: "user-1", role: .visitor, name: "Ana Souza", email: "ana@example.com"))
        #expect(verified.scope == scope)
        #expect(verified.issuedAt == Fixture.now - 10)
        #expect(verified.notBefore == Fixture.now - 5)
    }

    @Test(arguments: Role.allCases)
    func everyRoleVerifies(role: Role) throws {
        let token = Fixture.token(claims: Fixture.claims(with: [("role", .string(role.rawValue))]))
        #expect(try Fixture.verify(token).principal.role == role)
    }

    @Test func unknownClaimsAreIgnored() throws {
        let claims = Fixture.claims(with: [("iss", "shop"), ("aud", ["a", "b"]), ("custom", ["x": nil])])
        #expect(try Fixture.verify(Fixture.token(claims: claims)).principal.id == "user-1")
    }

    @Test func headerWithoutTypAndWithUnknownMembersVerifies() throws {
        #expect(throws: Never.self) { try Fixture.verify(Fixture.token(header: #"{"alg":"HS256"}"#)) }
        #expect(throws: Never.self) { try Fixture.verify(Fixture.token(header: #"{"alg":"HS256","kid":"k1","typ":"JWT"}"#)) }
    }

    @Test func substringsVerify() throws {
        let token = Fixture.token(claims: Fixture.claims)
        let framed = "Bearer " + token + " ;"
        let inner = framed.dropFirst(7).dropLast(2)
        let verified = try TokenVerifier().verify(inner, now: Fixture.now) { $0 == Fixture.website ? Fixture.secret : nil }
        #expect(verified.websiteID == Fixture.website)
    }

    @Test func integralDoubleTimesAreAccepted() throws {
        let claims = Fixture.claims(with: [("exp", .double(Double(Fixture.now) + 60)), ("iat", 1.7e9), ("nbf", 1.7e9)])
        let verified = try Fixture.verify(Fixture.token(claims: claims))
        #expect(verified.expiresAt == Fixture.now + 60)
        #expect(verified.issuedAt == 1_700_000_000)
        #expect(verified.notBefore == 1_700_000_000)
    }

    @Test func generatedSecretsSignAndVerify() throws {
        let secret = WebsiteSecret.generate()
        let token = TokenSigner.sign(claims: Fixture.claims, secret: secret)
        #expect(throws: Never.self) { try Fixture.verify(token, secrets: [Fixture.website: secret]) }
    }
}
