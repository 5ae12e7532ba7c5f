import JSON

/// A compact JWS split into its three decoded parts (RFC 7515 §7.1), before anything in them is
/// trusted.
struct CompactJWS {
    let header: JSONObject
    let payload: JSONObject
    let signature: [UInt8]
    /// Length of `BASE64URL(header) "." BASE64URL(payload)` at the start of the token: the bytes
    /// the signature covers, exactly as sent.
    let signingInputLength: Int

    /// Splits and decodes `token` (its UTF-8 bytes). Both JSON parts must be objects without
    /// repeated member names, so that no two readers can disagree about a header or claim.
    init(_ token: UnsafeBufferPointer<UInt8>) throws(TokenRejection) {
        var dots: (first: Int, second: Int) = (-1, -1)
        for index in token.indices where token[index] == UInt8(ascii: ".") {
            if dots.first < 0 {
                dots.first = index
            } else if dots.second < 0 {
                dots.second = index
            } else {
                throw .malformed
            }
        }
        guard dots.second >= 0 else { throw .malformed }

        let encodedHeader = UnsafeBufferPointer(rebasing: token[..<dots.first])
        let encodedPayload = UnsafeBufferPointer(rebasing: token[(dots.first + 1)..<dots.second])
        let encodedSignature = UnsafeBufferPointer(rebasing: token[(dots.second + 1)...])
        guard let headerBytes = Base64URL.decode(bytes: encodedHeader),
              let payloadBytes = Base64URL.decode(bytes: encodedPayload),
              let signature = Base64URL.decode(bytes: encodedSignature)
        else { throw .badEncoding }

        header = try Self.object(headerBytes)
        payload = try Self.object(payloadBytes)
        self.signature = signature
        signingInputLength = dots.second
    }

    private static func object(_ bytes: [UInt8]) throws(TokenRejection) -> JSONObject {
        // The strict parser's defaults refuse duplicate member names.
        guard let value = try? JSONValue(parsing: bytes), case .object(let object) = value else {
            throw .badJSON
        }
        return object
    }
}
