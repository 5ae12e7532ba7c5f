import Auth
import JSON
import Testing

/// Every token here is correctly signed, so only the claim rule under test can refuse it.
@Suite struct TokenClaimsTests {
    static func rejection(_ changes: [(String, JSONValue?)]) -> TokenRejection? {
        do {
            _ = try Fixture.verify(Fixture.token(claims: Fixture.claims(with: changes)))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["website", "sub", "role", "exp"])
    func eachRequiredClaimMustBePresent(_ claim: String) {
        #expect(Self.rejection([(claim, nil)]) == .badClaims)
    }

    @Test(arguments: [
        ("website", 7), ("website", nil), ("website", ["ws_test"]),
        ("sub", 1), ("sub", nil), ("sub", true),
        ("role", 1), ("role", nil), ("role", ["agent"]),
        ("exp", "1800003600"), ("exp", nil), ("exp", true), ("exp", ["x": 1]),
        ("nbf", "1799999999"), ("nbf", nil), ("nbf", false),
        ("iat", "1799999999"), ("iat", nil), ("iat", [1]),
        ("name", 5), ("name", nil), ("name", ["first": "Ana"]),
        ("email", 5), ("email", nil), ("email", ["ana@example.com"]),
        ("scope", "project"), ("scope", nil), ("scope", [["metadata": [:]]]),
    ] as [(String, JSONValue)])
    func claimOfTheWrongJSONTypeIsRejected(claim: String, value: JSONValue) {
        #expect(Self.rejection([(claim, value)]) == .badClaims)
    }

    @Test(arguments: ["exp", "nbf", "iat"])
    func timesMustBeWholeSecondsWithinInt64(_ claim: String) {
        #expect(Self.rejection([(claim, 1_800_000_000.5)]) == .badClaims)
        #expect(Self.rejection([(claim, 1e300)]) == .badClaims)
        #expect(Self.rejection([(claim, -1e300)]) == .badClaims)
    }

    @Test func subjectIsOneToOneHundredTwentyEightCharacters() {
        #expect(Self.rejection([("sub", "")]) == .badClaims)
        #expect(Self.rejection([("sub", "a")]) == nil)
        #expect(Self.rejection([("sub", .string(String(repeating: "a", count: 128)))]) == nil)
        #expect(Self.rejection([("sub", .string(String(repeating: "a", count: 129)))]) == .badClaims)
    }

    @Test func lengthsCountCharactersNotBytes() {
        // 128 two-byte characters (256 bytes) are still 128 characters.
        #expect(Self.rejection([("sub", .string(String(repeating: "é", count: 128)))]) == nil)
        #expect(Self.rejection([("name", .string(String(repeating: "ü", count: 256)))]) == nil)
    }

    @Test(arguments: ["name", "email"])
    func profileFieldsAreBounded(_ claim: String) {
        #expect(Self.rejection([(claim, .string(String(repeating: "n", count: 256)))]) == nil)
        #expect(Self.rejection([(claim, .string(String(repeating: "n", count: 257)))]) == .badClaims)
    }

    @Test(arguments: ["Admin", "ADMIN", "owner", "", "visitor "])
    func roleMustBeOneOfTheFour(_ role: String) {
        #expect(Self.rejection([("role", .string(role))]) == .badClaims)
    }

    @Test(arguments: [
        [:],
        ["metadata": 1],
        ["metadata": "project_id=1"],
        ["metadata": [["project_id": 1]]],
        ["metadata": nil],
        ["metadata": ["project_id": 1], "status": "open"],
        ["filters": ["project_id": 1]],
    ] as [JSONValue])
    func scopeMustBeExactlyAMetadataObject(_ scope: JSONValue) {
        #expect(Self.rejection([("scope", scope)]) == .badClaims)
    }

    @Test func emptyAndNestedMetadataScopesAreAccepted() throws {
        #expect(Self.rejection([("scope", ["metadata": [:]])]) == nil)
        let nested: JSONValue = ["metadata": ["owner": ["team": "core"], "tags": ["a", "b"], "project_id": 123]]
        let verified = try Fixture.verify(Fixture.token(claims: Fixture.claims(with: [("scope", nested)])))
        #expect(verified.scope.map(JSONValue.object) == nested)
    }

    @Test func websiteMissingIsRejectedWithoutALookup() {
        var lookups = 0
        let token = Fixture.token(claims: Fixture.claims(with: [("website", nil)]))
        #expect(throws: TokenRejection.badClaims) {
            try TokenVerifier().verify(token, now: Fixture.now) { _ in
                lookups += 1
                return Fixture.secret
            }
        }
        #expect(lookups == 0)
    }
}
