import JSON

/// The JOSE header rules (contract §2): the header may only choose among our HMAC algorithms,
/// never point the verifier at other keys, extensions or token types.
enum TokenHeader {
    /// Members that would make the verifier fetch or trust a key named by the token (`jku`,
    /// `jwk`, `x5u`, `x5c`) or honour extensions it does not implement (`crit`).
    static let forbiddenMembers = ["crit", "jku", "jwk", "x5u", "x5c"]

    /// Returns the algorithm the header names, once the whole header is acceptable.
    static func algorithm(of header: JSONObject) throws(TokenRejection) -> HMACAlgorithm {
        guard case .string(let name)? = header["alg"] else { throw .badHeader }
        guard let algorithm = HMACAlgorithm(rawValue: name) else { throw .unsupportedAlgorithm }
        if forbiddenMembers.contains(where: header.contains(key:)) { throw .forbiddenHeader }
        if let type = header["typ"], type != "JWT" { throw .badType }
        return algorithm
    }
}
