import Auth
import JSON
import Testing

@Suite("Verified token cache")
struct VerifiedTokenCacheTests {
    let now: Int64 = 1_800_000_000

    func token(secret: String, exp: Int64, nbf: Int64? = nil) -> String {
        var claims: JSONObject = ["website": "ws_a", "sub": "u", "role": "agent", "exp": .int(Int(exp))]
        if let nbf { claims["nbf"] = .int(Int(nbf)) }
        return TokenSigner.sign(claims: claims, secret: secret)
    }

    @Test func answersExactlyAsTheVerifier() throws {
        let cache = VerifiedTokenCache()
        let text = token(secret: "first-secret", exp: now + 100)
        var lookups = 0
        let secret: (String) -> String? = { _ in lookups += 1; return "first-secret" }
        let first = try cache.verify(text, now: now, secret: secret)
        let second = try cache.verify(text, now: now + 1, secret: secret)
        #expect(first == second)
        // Still valid inside the leeway after exp, refused after it, like the verifier.
        #expect(try cache.verify(text, now: now + 160, secret: secret) == first)
        #expect(throws: TokenRejection.expired) { try cache.verify(text, now: now + 161, secret: secret) }
        #expect(lookups >= 3, "every hit checks the current secret")
    }

    @Test func aRotatedSecretIsNotServedFromTheCache() throws {
        let cache = VerifiedTokenCache()
        let text = token(secret: "old-secret", exp: now + 100)
        _ = try cache.verify(text, now: now) { _ in "old-secret" }
        #expect(throws: TokenRejection.badSignature) { try cache.verify(text, now: now) { _ in "new-secret" } }
        #expect(throws: TokenRejection.badSignature) { try cache.verify(text, now: now) { _ in nil } }
    }

    @Test func notBeforeIsRespectedOnHits() throws {
        let cache = VerifiedTokenCache()
        let text = token(secret: "s", exp: now + 1000, nbf: now + 100)
        #expect(throws: TokenRejection.notYetValid) { try cache.verify(text, now: now) { _ in "s" } }
        _ = try cache.verify(text, now: now + 50) { _ in "s" }
        #expect(throws: TokenRejection.notYetValid) { try cache.verify(text, now: now + 39) { _ in "s" } }
    }

    @Test func aFullCacheStartsOver() throws {
        let cache = VerifiedTokenCache(capacity: 2)
        for index in 0..<5 {
            #expect(try cache.verify(token(secret: "s", exp: now + Int64(index) + 10), now: now) { _ in "s" }.principal.id == "u")
        }
    }
}
