/// The per-website signing secret (contract §1).
public enum WebsiteSecret {
    /// A fresh secret: 64 random bytes (512 bits, as much as HS512 can use) as base64url text,
    /// 86 characters. Tokens are keyed with the UTF-8 bytes of this text, not the decoded bytes,
    /// so site backends can use it as-is with any JWT library.
    public static func generate() -> String {
        Base64URL.encode(SecureRandom.bytes(64))
    }
}
