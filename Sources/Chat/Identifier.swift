import Clock
import Auth
import Synchronization

/// Random, unguessable ids with a type prefix (`ws_`, `ch_`, `msg_`): ids appear in URLs, so
/// guessing one must not be a way into another tenant's data.
public enum Identifier {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    /// `prefix` and 20 random base-36 characters (about 100 bits; the modulo bias, 256 not being a
    /// multiple of 36, costs a few bits, and the ids need only be unique and unguessable).
    public static func make(prefix: String) -> String {
        var id = Array(prefix.utf8)
        randomness.appendCharacters(20, to: &id)
        return String(decoding: id, as: UTF8.self)
    }

    /// `prefix`, 9 base-36 characters of the current time in milliseconds, then 11 random ones
    /// (about 56 bits): ids made later sort later, so inserting them into an index on them appends
    /// to its last page instead of dirtying a random page per row. For rows written at high rates
    /// (messages, chats) whose access is checked anyway, never granted by knowing the id.
    public static func makeSortable(prefix: String, at time: Timestamp = .now()) -> String {
        var id = Array(prefix.utf8)
        id.reserveCapacity(id.count + 20)
        let clockStart = id.count
        var remaining = UInt64(max(0, time.milliseconds))
        for _ in 0..<9 {
            id.append(alphabet[Int(remaining % 36)])
            remaining /= 36
        }
        id[clockStart...].reverse()
        randomness.appendCharacters(11, to: &id)
        return String(decoding: id, as: UTF8.self)
    }

    private static let randomness = RandomCharacters()

    /// Random bytes from the CSPRNG, drawn a page at a time and handed out as base-36 characters:
    /// every send makes an id, and a call into OpenSSL for each was 1 % of the writer's core.
    private final class RandomCharacters: Sendable {
        private struct Pool {
            var bytes: [UInt8] = []
            var next = 0
        }

        private let pool = Mutex(Pool())

        func appendCharacters(_ count: Int, to id: inout [UInt8]) {
            pool.withLock { pool in
                if pool.next + count > pool.bytes.count {
                    pool = Pool(bytes: SecureRandom.bytes(4096), next: 0)
                }
                for byte in pool.bytes[pool.next..<(pool.next + count)] {
                    id.append(alphabet[Int(byte) % alphabet.count])
                }
                pool.next += count
            }
        }
    }
}
