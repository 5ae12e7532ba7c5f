/// Why a token was refused. The cases exist for tests and debug logs only: the HTTP layer answers
/// every one of them with the same `401 unauthorized`, so a caller learns nothing about which
/// websites exist or which check failed.
public enum TokenRejection: Error, Sendable, Equatable {
    /// Longer than the verifier's limit (8 KiB by default); refused before any other work.
    case tooLong
    /// Not three parts separated by exactly two dots.
    case malformed
    /// A part that is not canonical unpadded base64url.
    case badEncoding
    /// The header has no `alg`, or an `alg` that is not a string.
    case badHeader
    /// `alg` names anything but `HS256`, `HS384` or `HS512` (exact case), `none` included.
    case unsupportedAlgorithm
    /// The header carries `crit`, `jku`, `jwk`, `x5u` or `x5c`, which ask the verifier to trust
    /// keys or extensions named by the token itself.
    case forbiddenHeader
    /// `typ` is present and is not exactly `JWT`.
    case badType
    /// The header or payload is not a JSON object, or repeats a member name.
    case badJSON
    /// A claim is missing, of the wrong JSON type, or out of bounds.
    case badClaims
    /// The signature does not match, or the website is unknown; the two are deliberately one case.
    case badSignature
    /// `exp` is more than the leeway in the past.
    case expired
    /// `nbf` is more than the leeway in the future.
    case notYetValid
    /// `iat` is more than the leeway in the future.
    case issuedInFuture
}
