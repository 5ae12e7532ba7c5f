import Auth

/// Random, unguessable ids with a type prefix (`ws_`, `ch_`, `msg_`): ids appear in URLs, so
/// guessing one must not be a way into another tenant's data.
public enum Identifier {
    public static func make(prefix: String) -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        // 20 random bytes → 20 base-36 characters (about 100 bits); the modulo bias (256 is not a
        // multiple of 36) costs a few bits, and the ids need only be unique and unguessable.
        let characters = SecureRandom.bytes(20).map { alphabet[Int($0) % alphabet.count] }
        return prefix + String(decoding: characters, as: UTF8.self)
    }
}
