import Auth
import JSON
import Testing

/// The 60-second leeway on `exp`, `nbf` and `iat`, at the exact second on each side.
@Suite struct TokenTimeTests {
    static let exp: Int64 = 1_800_000_000

    static func verify(_ changes: [(String, JSONValue?)], now: Int64, verifier: TokenVerifier = TokenVerifier()) throws(TokenRejection) -> VerifiedToken {
        try Fixture.verify(Fixture.token(claims: Fixture.claims(with: changes)), now: now, verifier: verifier)
    }

    @Test func expiryHasSixtySecondsOfLeeway() {
        let claims: [(String, JSONValue?)] = [("exp", .int(Int(Self.exp)))]
        #expect(throws: Never.self) { try Self.verify(claims, now: Self.exp) }
        #expect(throws: Never.self) { try Self.verify(claims, now: Self.exp + 60) }
        #expect(throws: TokenRejection.expired) { try Self.verify(claims, now: Self.exp + 61) }
    }

    @Test func notBeforeHasSixtySecondsOfLeeway() {
        let now: Int64 = 1_700_000_000
        #expect(throws: Never.self) { try Self.verify([("nbf", .int(Int(now) + 60))], now: now) }
        #expect(throws: TokenRejection.notYetValid) { try Self.verify([("nbf", .int(Int(now) + 61))], now: now) }
    }

    @Test func issuedAtHasSixtySecondsOfLeeway() {
        let now: Int64 = 1_700_000_000
        #expect(throws: Never.self) { try Self.verify([("iat", .int(Int(now) + 60))], now: now) }
        #expect(throws: TokenRejection.issuedInFuture) { try Self.verify([("iat", .int(Int(now) + 61))], now: now) }
    }

    @Test func pastNotBeforeAndIssuedAtAreFine() {
        #expect(throws: Never.self) { try Self.verify([("nbf", 0), ("iat", 0)], now: Fixture.now) }
    }

    @Test func leewayIsConfigurable() {
        let strict = TokenVerifier(leeway: 0)
        let claims: [(String, JSONValue?)] = [("exp", .int(Int(Self.exp)))]
        #expect(throws: Never.self) { try Self.verify(claims, now: Self.exp, verifier: strict) }
        #expect(throws: TokenRejection.expired) { try Self.verify(claims, now: Self.exp + 1, verifier: strict) }
        #expect(throws: TokenRejection.notYetValid) { try Self.verify([("nbf", .int(Int(Fixture.now) + 1))], now: Fixture.now, verifier: strict) }
    }

    @Test func extremeTimesDoNotOverflow() throws {
        let max = Int(Int64.max)
        let min = Int(Int64.min)
        #expect(try Self.verify([("exp", .int(max))], now: Fixture.now).expiresAt == .max)
        #expect(throws: TokenRejection.expired) { try Self.verify([("exp", .int(min))], now: Fixture.now) }
        #expect(throws: TokenRejection.notYetValid) { try Self.verify([("nbf", .int(max))], now: Fixture.now) }
        #expect(throws: TokenRejection.issuedInFuture) { try Self.verify([("iat", .int(max))], now: Fixture.now) }
        // A clock at either end of Int64 must not trap either.
        #expect(throws: Never.self) { try Self.verify([("exp", .int(max))], now: .max) }
        #expect(throws: TokenRejection.expired) { try Self.verify([("exp", .int(min))], now: .max) }
        #expect(throws: Never.self) { try Self.verify([("exp", .int(min))], now: .min) }
    }

    @Test func expiryIsCheckedBeforeNotBeforeAndIssuedAt() {
        // A token that fails all three reports the first, so debug logs stay predictable.
        let future = JSONValue.int(Int(Fixture.now) + 3600)
        let claims: [(String, JSONValue?)] = [("exp", 100), ("nbf", future), ("iat", future)]
        #expect(throws: TokenRejection.expired) { try Self.verify(claims, now: Fixture.now) }
        let notBefore: [(String, JSONValue?)] = [("nbf", future), ("iat", future)]
        #expect(throws: TokenRejection.notYetValid) { try Self.verify(notBefore, now: Fixture.now) }
    }
}
