import JSON

/// The claims of a token whose signature and time window have been checked: everything the
/// server may trust about the caller.
public struct VerifiedToken: Sendable, Equatable {
    /// The `website` claim: the tenant the token was signed for.
    public let websiteID: String
    /// The `sub`, `role`, `name` and `email` claims.
    public let principal: Principal
    /// The `scope` claim, validated to be `{"metadata": {...}}` (that one member, an object), or
    /// nil when the token is not narrowed.
    public let scope: JSONObject?
    /// The `exp` claim, in Unix seconds, as signed (it may be `Int64.max`).
    public let expiresAt: Int64
    /// The last second the server honours the token: `exp`, or earlier when the verifier caps
    /// lifetimes (`TokenVerifier.maxLifetime` after `iat`, or after the moment of verification
    /// when the token has no `iat`). A WebSocket closes once it passes (`isExpired`).
    public let validUntil: Int64
    /// The `iat` claim, in Unix seconds.
    public let issuedAt: Int64?
    /// The `nbf` claim, in Unix seconds.
    public let notBefore: Int64?

    public init(
        websiteID: String,
        principal: Principal,
        scope: JSONObject? = nil,
        expiresAt: Int64,
        issuedAt: Int64? = nil,
        notBefore: Int64? = nil,
        validUntil: Int64? = nil
    ) {
        self.websiteID = websiteID
        self.principal = principal
        self.scope = scope
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.validUntil = validUntil ?? expiresAt
    }

    /// True once `now` is more than `leeway` seconds past `validUntil`. Saturating, so it holds
    /// for any claim and any clock value.
    public func isExpired(at now: Int64, leeway: Int64) -> Bool {
        validUntil < now.subtractingSaturating(leeway)
    }

    /// The same token, honoured until `validUntil` at the latest.
    func capped(at latest: Int64) -> VerifiedToken {
        VerifiedToken(websiteID: websiteID, principal: principal, scope: scope, expiresAt: expiresAt, issuedAt: issuedAt,
                      notBefore: notBefore, validUntil: min(validUntil, latest))
    }
}
