import JSON

extension VerifiedToken {
    /// Bounds on the text claims, in Unicode scalars: enough for any real id, name or address,
    /// small enough that one token cannot bloat every row and event it is copied into.
    static let subjectLengths = 1...128
    static let maxProfileFieldLength = 256

    /// Reads the claims of a payload whose signature has already been checked. Unknown claims are
    /// ignored; a known claim that is missing when required, of the wrong JSON type (`null`
    /// included), or out of bounds is `badClaims`. Time windows are checked separately.
    init(claims: JSONObject) throws(TokenRejection) {
        guard case .string(let websiteID)? = claims["website"],
              case .string(let subject)? = claims["sub"],
              Self.subjectLengths.contains(subject.unicodeScalars.count),
              case .string(let roleName)? = claims["role"],
              let role = Role(rawValue: roleName),
              let expiresAt = claims["exp"].flatMap(Self.unixTime)
        else { throw .badClaims }

        self.init(
            websiteID: websiteID,
            principal: Principal(
                id: subject,
                role: role,
                name: try Self.optionalProfileField(claims["name"]),
                email: try Self.optionalProfileField(claims["email"])
            ),
            scope: try Self.optionalScope(claims["scope"]),
            expiresAt: expiresAt,
            issuedAt: try Self.optionalUnixTime(claims["iat"]),
            notBefore: try Self.optionalUnixTime(claims["nbf"])
        )
    }

    /// A NumericDate in whole seconds: an integer, or a double with no fractional part (some
    /// signers write `1700000000.0`). Fractions and values outside `Int64` are refused rather
    /// than rounded, so the bound the signer meant is never moved.
    private static func unixTime(_ value: JSONValue) -> Int64? {
        value.intValue.map { Int64($0) }
    }

    private static func optionalUnixTime(_ value: JSONValue?) throws(TokenRejection) -> Int64? {
        guard let value else { return nil }
        guard let seconds = unixTime(value) else { throw .badClaims }
        return seconds
    }

    private static func optionalProfileField(_ value: JSONValue?) throws(TokenRejection) -> String? {
        guard let value else { return nil }
        guard case .string(let text) = value, text.unicodeScalars.count <= maxProfileFieldLength else {
            throw .badClaims
        }
        return text
    }

    /// `scope` must be exactly `{"metadata": {...}}`: any other member could be a narrowing this
    /// version does not understand, and silently ignoring it would widen what the token sees.
    private static func optionalScope(_ value: JSONValue?) throws(TokenRejection) -> JSONObject? {
        guard let value else { return nil }
        guard case .object(let scope) = value, scope.count == 1, case .object? = scope["metadata"] else {
            throw .badClaims
        }
        return scope
    }
}
