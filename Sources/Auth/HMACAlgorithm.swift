/// The JWS HMAC algorithms a token may name in its `alg` header, spelled exactly as RFC 7518
/// registers them so the raw value can be matched against the header case-sensitively.
public enum HMACAlgorithm: String, Sendable, CaseIterable {
    case hs256 = "HS256"
    case hs384 = "HS384"
    case hs512 = "HS512"

    /// Length of the authentication code, which is also the length of a valid token signature.
    public var outputByteCount: Int {
        switch self {
        case .hs256: 32
        case .hs384: 48
        case .hs512: 64
        }
    }

    /// libcrypto's name for the underlying digest. A `StaticString` because `OSSL_PARAM` keeps
    /// the pointer, so it must outlive the call that builds the parameter.
    var digestName: StaticString {
        switch self {
        case .hs256: "SHA256"
        case .hs384: "SHA384"
        case .hs512: "SHA512"
        }
    }
}
