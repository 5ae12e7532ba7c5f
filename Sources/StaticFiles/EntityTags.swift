/// The entity tags of a file's two representations, computed from its bytes, so they stay the
/// same across restarts and across servers that hold the same file.
struct EntityTags {
    /// The strong tag of the body as stored.
    let identity: String
    /// The strong tag of the gzip body: the same digest with a suffix, because the bytes on the
    /// wire differ even though the content is the same.
    let gzip: String

    init(body: [UInt8]) {
        let digest = Self.hexDigest(of: body)
        identity = "\"\(digest)\""
        gzip = "\"\(digest)-gz\""
    }

    /// FNV-1a 64 of the bytes, as 16 lowercase hex digits. Not cryptographic: it only has to tell
    /// versions of a file apart, and unlike `Hasher` it is the same in every process.
    static func hexDigest(of bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.utf8.count) + digits
    }
}
