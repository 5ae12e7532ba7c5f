import JSON

/// Mints tokens the way a website's backend would: for anonymous widget sessions, the operator's
/// `webchat token` command, and tests.
public enum TokenSigner {
    /// Returns a compact JWS of `claims` with header `{"alg":…,"typ":"JWT"}`, keyed with the UTF-8
    /// bytes of `secret`. The claims are signed as given; checking them is the verifier's job.
    public static func sign(claims: JSONObject, secret: String, algorithm: HMACAlgorithm = .hs256) -> String {
        let header: JSONValue = ["alg": .string(algorithm.rawValue), "typ": "JWT"]
        let signingInput = Base64URL.encode(header.encoded()) + "." + Base64URL.encode(JSONValue.object(claims).encoded())
        let signature = HMAC.authenticationCode(algorithm, key: secret.utf8, message: signingInput.utf8)
        return signingInput + "." + Base64URL.encode(signature)
    }
}
