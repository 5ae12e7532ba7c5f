/// Webhook secrets and signatures as the Standard Webhooks specification defines them (contract
/// §9): a secret is `whsec_` and the base64 of its key bytes; a signature is `v1,` and the base64
/// of HMAC-SHA256 over `{id}.{timestamp}.{body}`, keyed with the decoded bytes.
public enum WebhookSignature {
    public static let secretPrefix = "whsec_"

    /// A fresh secret: 32 random bytes (256 bits, SHA-256's block of strength).
    public static func generateSecret() -> String {
        secretPrefix + StandardBase64.encode(SecureRandom.bytes(32))
    }

    /// The key bytes of a secret, with or without its prefix; nil when it is not base64.
    public static func key(of secret: String) -> [UInt8]? {
        StandardBase64.decode(secret.hasPrefix(secretPrefix) ? secret.dropFirst(secretPrefix.count) : Substring(secret))
    }

    /// The `webhook-signature` value of one delivery.
    public static func sign(key: [UInt8], id: String, timestamp: Int64, body: some Collection<UInt8>) -> String {
        var message: [UInt8] = []
        message.reserveCapacity(id.utf8.count + 24 + body.count)
        message.append(contentsOf: id.utf8)
        message.append(UInt8(ascii: "."))
        message.append(contentsOf: String(timestamp).utf8)
        message.append(UInt8(ascii: "."))
        message.append(contentsOf: body)
        return "v1," + StandardBase64.encode(HMAC.authenticationCode(.hs256, key: key, message: message))
    }
}
