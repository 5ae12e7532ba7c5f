import Auth

/// Random, unguessable ids with a type prefix (`ws_`, `ch_`, `msg_`): ids appear in URLs, so
/// guessing one must not be a way into another tenant's data.
public enum Identifier {
    public static func make(prefix: String) -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        // 16 random bytes → 20 base-36 characters; modulo bias is negligible at 256 vs 36 and the
        // ids need only be unique and unguessable, not uniformly distributed.
        let characters = SecureRandom.bytes(20).map { alphabet[Int($0) % alphabet.count] }
        return prefix + String(decoding: characters, as: UTF8.self)
    }
}
