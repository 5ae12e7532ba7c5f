import CCrypto

/// SHA-256 over bytes fed in pieces, through libcrypto: the content address of an attachment,
/// computed while its file is read once, whatever its size.
public final class SHA256Digest {
    private let context: OpaquePointer

    public init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            preconditionFailure("SHA-256: libcrypto could not start a digest")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1 else {
            preconditionFailure("SHA-256: libcrypto refused input")
        }
    }

    /// The digest in lowercase hex; the digest is finished afterwards.
    public func hexDigest() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 32 else {
            preconditionFailure("SHA-256: libcrypto could not finish a digest")
        }
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: digest.flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0x0F)]] }, as: UTF8.self)
    }
}
