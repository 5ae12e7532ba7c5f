import Synchronization

/// Remembers tokens that verified, so a client that sends the same token with every request pays
/// for the HMAC and the JSON parsing once. A hit requires the exact same token text, the same
/// website secret as when it verified (a rotation empties it in effect) and a time inside the
/// token's validity, so it answers exactly what `TokenVerifier` would.
public final class VerifiedTokenCache: Sendable {
    private struct Entry {
        let token: VerifiedToken
        let secret: String
        let validFrom: Int64
        let validUntil: Int64
    }

    /// The verifier behind the cache: its leeway and lifetime cap apply to cached tokens too.
    public let verifier: TokenVerifier
    private let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    public init(verifier: TokenVerifier = TokenVerifier(), capacity: Int = 10_000) {
        self.verifier = verifier
        self.capacity = capacity
    }

    public func verify(_ token: String, now: Int64, secret: (String) -> String?) throws(TokenRejection) -> VerifiedToken {
        if let entry = entries.withLock({ $0[token] }), now >= entry.validFrom, now <= entry.validUntil,
           let current = secret(entry.token.websiteID), current == entry.secret {
            return entry.token
        }
        var usedSecret: String?
        let verified = try verifier.verify(token, now: now) { websiteID in
            usedSecret = secret(websiteID)
            return usedSecret
        }
        guard let usedSecret else { return verified }
        let leeway = verifier.leeway
        let validFrom = max(verified.notBefore ?? .min, verified.issuedAt ?? .min).subtractingSaturating(leeway)
        let entry = Entry(token: verified, secret: usedSecret, validFrom: validFrom, validUntil: verified.validUntil.addingSaturating(leeway))
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = entry
        }
        return verified
    }
}
