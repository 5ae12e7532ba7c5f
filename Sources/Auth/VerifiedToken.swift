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
    /// The `exp` claim, in Unix seconds; a WebSocket closes when it passes.
    public let expiresAt: Int64
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
        notBefore: Int64? = nil
    ) {
        self.websiteID = websiteID
        self.principal = principal
        self.scope = scope
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.notBefore = notBefore
    }
}
