import Auth
import JSON

/// Verifies bearer tokens with `TokenVerifier` against fixed website secrets, and requires of any
/// token it accepts: a website with a real secret, claims inside the time window, the same answer
/// again and from `VerifiedTokenCache`, the same claims after re-signing them, and a refusal for
/// the token under another secret or with any one byte changed.
///
/// Layout: one flags byte, then the rest. Flags bit 0 clear: the rest is a token as a client sends
/// it. Set: the rest is `header 0xFF payload` (or just a payload, under a standard header) that
/// the harness encodes and signs for `site-1`, so that the fuzzer reaches the claim checks behind
/// the signature. Bits 1–2 pick the signing algorithm, bits 3–4 the clock (`nows`).
enum TokenFuzzing {
    static let verifier = TokenVerifier(leeway: 60, maxLength: 1024)
    /// An ordinary moment, and the ends where the leeway arithmetic must saturate.
    static let nows: [Int64] = [1_700_000_000, 0, .min, .max]

    static func secret(of website: String) -> String? {
        switch website {
        case "site-1": "fuzzing-secret-one"
        case "site-2": "fuzzing-secret-two"
        case "empty-site": ""
        default: nil
        }
    }

    static func check(_ input: [UInt8]) throws(PropertyViolation) -> InputVerdict {
        let flags = input.first ?? 0
        let algorithm = HMACAlgorithm.allCases[min(Int(flags >> 1 & 3), HMACAlgorithm.allCases.count - 1)]
        let now = nows[Int(flags >> 3 & 3)]
        let rest = input.dropFirst()
        let token = flags & 1 == 0 ? String(decoding: rest, as: UTF8.self) : signedToken(rest, algorithm: algorithm)

        let verified: VerifiedToken
        do {
            verified = try verifier.verify(token, now: now, secret: secret(of:))
        } catch {
            guard (error == .tooLong) == (token.utf8.count > verifier.maxLength) else {
                throw PropertyViolation("a token of \(token.utf8.count) bytes was refused as \(error)")
            }
            return .refused
        }
        try checkAccepted(token, verified, now: now, algorithm: algorithm, alteredAt: Int(input.last ?? 0) &+ input.count)
        return .accepted
    }

    /// `BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature)` under site-1's secret.
    static func signedToken(_ parts: ArraySlice<UInt8>, algorithm: HMACAlgorithm) -> String {
        let header: ArraySlice<UInt8>
        let payload: ArraySlice<UInt8>
        if let separator = parts.firstIndex(of: 0xFF) {
            header = parts[..<separator]
            payload = parts[(separator + 1)...]
        } else {
            header = ArraySlice(JSONValue.object(["alg": .string(algorithm.rawValue), "typ": "JWT"]).encoded())
            payload = parts
        }
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let signature = HMAC.authenticationCode(algorithm, key: "fuzzing-secret-one".utf8, message: signingInput.utf8)
        return signingInput + "." + Base64URL.encode(signature)
    }

    private static func checkAccepted(
        _ token: String, _ verified: VerifiedToken, now: Int64, algorithm: HMACAlgorithm, alteredAt position: Int
    ) throws(PropertyViolation) {
        guard let secret = secret(of: verified.websiteID), !secret.isEmpty else {
            throw PropertyViolation("accepted a token of website \(verified.websiteID), which has no secret")
        }
        try checkTimeWindow(verified, now: now)
        guard answer(token, now: now, secret: secret(of:)) == .success(verified) else {
            throw PropertyViolation("a second verification answered differently")
        }
        let cache = VerifiedTokenCache(verifier: verifier)
        for _ in 0..<2 {
            guard (try? cache.verify(token, now: now, secret: secret(of:))) == verified else {
                throw PropertyViolation("the cache answered differently from the verifier")
            }
        }
        let resigned = TokenSigner.sign(claims: claims(of: verified), secret: secret, algorithm: algorithm)
        guard answer(resigned, now: now, secret: secret(of:)) == .success(verified) else {
            throw PropertyViolation("the claims did not survive re-signing: \(claims(of: verified))")
        }
        guard answer(token, now: now, secret: { _ in "a different secret" }) == .failure(.badSignature) else {
            throw PropertyViolation("the token verified under another secret")
        }
        var altered = Array(token.utf8)
        let index = position % altered.count
        altered[index] ^= 1 << UInt8(position / altered.count % 7)
        if case .success = answer(String(decoding: altered, as: UTF8.self), now: now, secret: secret(of:)) {
            throw PropertyViolation("the token still verified with byte \(index) changed")
        }
    }

    private static func answer(_ token: String, now: Int64, secret: (String) -> String?) -> Result<VerifiedToken, TokenRejection> {
        Result { () throws(TokenRejection) in try verifier.verify(token, now: now, secret: secret) }
    }

    /// The window the verifier promises, computed without the overflow the verifier must avoid.
    private static func checkTimeWindow(_ token: VerifiedToken, now: Int64) throws(PropertyViolation) {
        let leeway = Int128(verifier.leeway)
        guard Int128(token.expiresAt) >= Int128(now) - leeway else { throw PropertyViolation("accepted an expired token") }
        if let notBefore = token.notBefore, Int128(notBefore) > Int128(now) + leeway {
            throw PropertyViolation("accepted a token before its nbf")
        }
        if let issuedAt = token.issuedAt, Int128(issuedAt) > Int128(now) + leeway {
            throw PropertyViolation("accepted a token issued in the future")
        }
    }

    /// The claims a signer would write for `token`.
    private static func claims(of token: VerifiedToken) -> JSONObject {
        var claims: JSONObject = [
            "website": .string(token.websiteID), "sub": .string(token.principal.id),
            "role": .string(token.principal.role.rawValue), "exp": .int(Int(token.expiresAt)),
        ]
        if let name = token.principal.name { claims["name"] = .string(name) }
        if let email = token.principal.email { claims["email"] = .string(email) }
        if let scope = token.scope { claims["scope"] = .object(scope) }
        if let issuedAt = token.issuedAt { claims["iat"] = .int(Int(issuedAt)) }
        if let notBefore = token.notBefore { claims["nbf"] = .int(Int(notBefore)) }
        return claims
    }
}
