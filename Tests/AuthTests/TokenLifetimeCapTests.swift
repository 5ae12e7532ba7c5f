import Auth
import JSON
import Testing

/// The lifetime cap and the ends of `Int64` in every time claim: nothing traps, and a token is
/// honoured until min(exp, iat-or-now + cap).
@Suite struct TokenLifetimeCapTests {
    static let day: Int64 = 86400
    static let capped = TokenVerifier(maxLifetime: 30 * day)

    static func verify(_ changes: [(String, JSONValue?)], now: Int64 = Fixture.now,
                       verifier: TokenVerifier = capped) throws(TokenRejection) -> VerifiedToken {
        try Fixture.verify(Fixture.token(claims: Fixture.claims(with: changes)), now: now, verifier: verifier)
    }

    @Test func aNeverExpiringTokenIsHonouredForTheCapAfterItsIssue() throws {
        let issued = Fixture.now - 5 * Self.day
        let token = try Self.verify([("exp", .int(Int.max)), ("iat", .int(Int(issued)))])
        #expect(token.expiresAt == .max)
        #expect(token.validUntil == issued + 30 * Self.day)
        #expect(!token.isExpired(at: issued + 30 * Self.day + 60, leeway: 60))
        #expect(token.isExpired(at: issued + 30 * Self.day + 61, leeway: 60))
        #expect(throws: TokenRejection.expired) { try Self.verify([("exp", .int(Int.max)), ("iat", .int(Int(Fixture.now - 31 * Self.day)))]) }
    }

    @Test func withoutIssuedAtTheCapCountsFromVerification() throws {
        let token = try Self.verify([("exp", .int(Int.max))])
        #expect(token.validUntil == Fixture.now + 30 * Self.day)
    }

    @Test func anEarlierExpiryStaysAsSigned() throws {
        let token = try Self.verify([("exp", .int(Int(Fixture.now) + 3600)), ("iat", .int(Int(Fixture.now)))])
        #expect(token.validUntil == Fixture.now + 3600)
    }

    @Test func withoutACapExpIsHonouredAsSigned() throws {
        let token = try Self.verify([("exp", .int(Int.max))], verifier: TokenVerifier())
        #expect(token.validUntil == .max)
        #expect(!token.isExpired(at: .max, leeway: 60))
    }

    @Test func theEndsOfInt64AreRefusedOrAcceptedButNeverTrap() {
        for verifier in [TokenVerifier(), Self.capped, TokenVerifier(maxLifetime: .max)] {
            for now in [Int64.min, -1, 0, Fixture.now, .max] {
                for exp in [Int64.min, -1, 0, .max] {
                    for other in [Int64.min, 0, .max] {
                        let claims: [(String, JSONValue?)] = [("exp", .int(Int(exp))), ("iat", .int(Int(other))), ("nbf", .int(Int(other)))]
                        if let token = try? Self.verify(claims, now: now, verifier: verifier) {
                            #expect(!token.isExpired(at: now, leeway: verifier.leeway))
                            _ = token.isExpired(at: .max, leeway: .max)
                            _ = token.isExpired(at: .min, leeway: .max)
                        }
                    }
                }
            }
        }
    }

    @Test func extremeIssuedAndNotBeforeGetTheirOwnRejections() {
        #expect(throws: TokenRejection.expired) { try Self.verify([("exp", .int(Int.max)), ("iat", .int(Int.min))]) }
        #expect(throws: TokenRejection.issuedInFuture) { try Self.verify([("exp", .int(Int.max)), ("iat", .int(Int.max))]) }
        #expect(throws: TokenRejection.notYetValid) { try Self.verify([("exp", .int(Int.max)), ("nbf", .int(Int.max))]) }
        #expect(throws: Never.self) { try Self.verify([("exp", .int(Int.max)), ("nbf", .int(Int.min))]) }
    }

    @Test func theCacheHonoursTheCap() throws {
        let cache = VerifiedTokenCache(verifier: Self.capped)
        let issued = Fixture.now
        let token = Fixture.token(claims: Fixture.claims(with: [("exp", .int(Int.max)), ("iat", .int(Int(issued)))]))
        let secrets = [Fixture.website: Fixture.secret]
        #expect(throws: Never.self) { try cache.verify(token, now: issued) { secrets[$0] } }
        #expect(throws: Never.self) { try cache.verify(token, now: issued + 30 * Self.day + 60) { secrets[$0] } }
        #expect(throws: TokenRejection.expired) { try cache.verify(token, now: issued + 30 * Self.day + 61) { secrets[$0] } }
    }
}
