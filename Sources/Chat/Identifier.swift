import Auth

/// Random, unguessable ids with a type prefix (`ws_`, `ch_`, `msg_`): ids appear in URLs, so
/// guessing one must not be a way into another tenant's data.
public enum Identifier {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    /// `prefix` and 20 random base-36 characters (about 100 bits; the modulo bias, 256 not being a
    /// multiple of 36, costs a few bits, and the ids need only be unique and unguessable).
    public static func make(prefix: String) -> String {
        prefix + String(decoding: SecureRandom.bytes(20).map { alphabet[Int($0) % alphabet.count] }, as: UTF8.self)
    }

    /// `prefix`, 9 base-36 characters of the current time in milliseconds, then 11 random ones
    /// (about 56 bits): ids made later sort later, so inserting them into a unique index appends
    /// to its last page instead of dirtying a random page per row. For rows written at high rates
    /// (messages, chats) whose access is checked anyway, never granted by knowing the id.
    public static func makeSortable(prefix: String, at time: Timestamp = .now()) -> String {
        var clock: [UInt8] = []
        var remaining = UInt64(max(0, time.milliseconds))
        for _ in 0..<9 {
            clock.append(alphabet[Int(remaining % 36)])
            remaining /= 36
        }
        let random = SecureRandom.bytes(11).map { alphabet[Int($0) % alphabet.count] }
        return prefix + String(decoding: clock.reversed() + random, as: UTF8.self)
    }
}
