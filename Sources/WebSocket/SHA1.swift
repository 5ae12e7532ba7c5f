import CCrypto

/// SHA-1 is needed only for the handshake's `Sec-WebSocket-Accept` value (RFC 6455 §4.2.2);
/// it carries no security weight there, so libcrypto's one-shot digest is all we need.
enum SHA1 {
    /// Returns the 20-byte digest, or `nil` if libcrypto reports a failure (it never should for SHA-1).
    static func digest(_ bytes: [UInt8]) -> [UInt8]? {
        var digest = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        let status = bytes.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha1(), nil)
            }
        }
        guard status == 1, length == 20 else { return nil }
        return digest
    }
}
