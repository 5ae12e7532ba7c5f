import Auth
import JSON

/// A website, its secret and a moment in time that token tests share, plus ways to build tokens
/// byte by byte (including ones no honest signer would produce).
enum Fixture {
    static let website = "ws_test"
    static let secret = "k3P0-5iS7bWQe1rV9uJtYh2cXa8nLmDzFgHq4oE6wRyTs0KjBvNpUx_IlAdMfCeGZ1b2c3d4e5f6g7h8i9j0k1"
    static let now: Int64 = 1_800_000_000

    /// Claims that verify at `now`: every required claim and nothing else.
    static var claims: JSONObject {
        ["website": .string(website), "sub": "user-1", "role": "agent", "exp": .int(Int(now) + 3600)]
    }

    static func claims(with changes: [(String, JSONValue?)]) -> JSONObject {
        var claims = claims
        for (key, value) in changes {
            claims[key] = value
        }
        return claims
    }

    /// Signs the exact header and payload texts given, so tests can send whitespace, duplicate
    /// members or non-objects that `TokenSigner` would never produce.
    static func token(
        header: String = #"{"alg":"HS256","typ":"JWT"}"#,
        payload: String,
        secret: String = secret,
        algorithm: HMACAlgorithm = .hs256
    ) -> String {
        let signingInput = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        let signature = HMAC.authenticationCode(algorithm, key: Array(secret.utf8), message: Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// A correctly signed token with the given header text and the valid claims.
    static func token(header: String) -> String {
        token(header: header, payload: JSONValue.object(claims).jsonText)
    }

    static func token(claims: JSONObject) -> String {
        TokenSigner.sign(claims: claims, secret: secret)
    }

    static func verify(
        _ token: String,
        now: Int64 = now,
        verifier: TokenVerifier = TokenVerifier(),
        secrets: [String: String] = [website: secret]
    ) throws(TokenRejection) -> VerifiedToken {
        try verifier.verify(token, now: now) { secrets[$0] }
    }

    /// Replaces part `index` (0 header, 1 payload, 2 signature) of a token's text.
    static func replacingPart(_ index: Int, of token: String, with part: String) -> String {
        var parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        parts[index] = part
        return parts.joined(separator: ".")
    }
}
