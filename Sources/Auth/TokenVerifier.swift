import JSON

/// Checks bearer tokens against contract §2: a compact JWS signed with HS256/384/512 under the
/// secret of the website its `website` claim names.
public struct TokenVerifier: Sendable {
    /// Seconds of clock skew tolerated on `exp`, `nbf` and `iat`.
    public let leeway: Int64
    /// Longest token accepted, in bytes.
    public let maxLength: Int
    /// Longest time a token is honoured, in seconds after its `iat` (or, without `iat`, after the
    /// moment it is verified), whatever its `exp` says; nil honours `exp` as signed. Signers write
    /// "never expires" as a huge `exp`; the server bounds what a leaked token is worth.
    public let maxLifetime: Int64?

    public init(leeway: Int64 = 60, maxLength: Int = 8192, maxLifetime: Int64? = nil) {
        precondition(leeway >= 0, "TokenVerifier: leeway must not be negative")
        precondition(maxLength >= 0, "TokenVerifier: maxLength must not be negative")
        precondition((maxLifetime ?? 0) >= 0, "TokenVerifier: maxLifetime must not be negative")
        self.leeway = leeway
        self.maxLength = maxLength
        self.maxLifetime = maxLifetime
    }

    /// Verifies `token` at time `now` (Unix seconds).
    ///
    /// `secret(websiteID)` returns the website's secret text, or nil for an unknown website. It is
    /// consulted only once the token's structure and header are sound, and an unknown website is
    /// reported as `badSignature` after an HMAC of the same cost, so neither the answer nor its
    /// timing tells a caller whether a website exists. Claims are only interpreted once the
    /// signature holds.
    public func verify(
        _ token: some StringProtocol,
        now: Int64,
        secret: (String) -> String?
    ) throws(TokenRejection) -> VerifiedToken {
        let utf8 = token.utf8
        guard utf8.count <= maxLength else { throw .tooLong }
        // `withContiguousBytes` cannot rethrow a typed error, so it travels in a Result.
        let result = withContiguousBytes(utf8) { bytes in
            Result { () throws(TokenRejection) in try verify(bytes: bytes, now: now, secret: secret) }
        }
        return try result.get()
    }

    private func verify(
        bytes token: UnsafeBufferPointer<UInt8>,
        now: Int64,
        secret: (String) -> String?
    ) throws(TokenRejection) -> VerifiedToken {
        let jws = try CompactJWS(token)
        let algorithm = try TokenHeader.algorithm(of: jws.header)
        guard case .string(let websiteID)? = jws.payload["website"] else { throw .badClaims }

        let signingInput = UnsafeBufferPointer(rebasing: token[..<jws.signingInputLength])
        // An empty secret would let anyone sign, so it counts as no secret at all.
        let websiteSecret = secret(websiteID).flatMap { $0.isEmpty ? nil : $0 }
        let expected = if let websiteSecret {
            HMAC.authenticationCode(algorithm, key: websiteSecret.utf8, message: signingInput)
        } else {
            HMAC.authenticationCode(algorithm, key: Self.unknownWebsiteKey, message: signingInput)
        }
        guard constantTimeEquals(expected, jws.signature), websiteSecret != nil else {
            throw .badSignature
        }

        var verified = try VerifiedToken(claims: jws.payload)
        if let maxLifetime {
            verified = verified.capped(at: (verified.issuedAt ?? now).addingSaturating(maxLifetime))
        }
        try checkTimeWindow(of: verified, now: now)
        return verified
    }

    /// Stands in for the secret of a website that does not exist, so that refusing it costs the
    /// same HMAC as refusing a forged signature. Shaped like a real secret (86 characters) so
    /// the key setup costs the same too; random so that no one can know it.
    private static let unknownWebsiteKey = Array(WebsiteSecret.generate().utf8)

    /// Applies the leeway with saturating arithmetic: `exp`, `nbf` and `iat` come from the token
    /// and may sit at the ends of `Int64`, where plain `+` would trap.
    private func checkTimeWindow(of token: VerifiedToken, now: Int64) throws(TokenRejection) {
        let newestAcceptedTime = now.addingSaturating(leeway)
        if token.isExpired(at: now, leeway: leeway) { throw .expired }
        if let notBefore = token.notBefore, notBefore > newestAcceptedTime { throw .notYetValid }
        if let issuedAt = token.issuedAt, issuedAt > newestAcceptedTime { throw .issuedInFuture }
    }
}
