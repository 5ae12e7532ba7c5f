/// Standard-alphabet base64 with padding (RFC 4648 §4), the only flavour the handshake uses:
/// encoding builds `Sec-WebSocket-Accept`, strict decoding validates `Sec-WebSocket-Key`.
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let padding = UInt8(ascii: "=")

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let available = min(3, bytes.count - index)
            let b0 = UInt32(bytes[index])
            let b1 = available > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = available > 2 ? UInt32(bytes[index + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(available > 1 ? alphabet[Int(group >> 6 & 0x3F)] : padding)
            output.append(available > 2 ? alphabet[Int(group & 0x3F)] : padding)
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes canonical padded base64, returning `nil` for anything else: wrong length, foreign
    /// characters, misplaced padding, or non-zero bits hidden in the last character.
    static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(characters.count / 4 * 3)
        var index = 0
        while index < characters.count {
            let isLastGroup = index + 4 == characters.count
            var group: UInt32 = 0
            var paddingCount = 0
            for offset in 0..<4 {
                let character = characters[index + offset]
                if character == padding, isLastGroup, offset >= 2 {
                    paddingCount += 1
                    group <<= 6
                    continue
                }
                guard paddingCount == 0, let value = sextet(character) else { return nil }
                group = group << 6 | UInt32(value)
            }
            output.append(UInt8(truncatingIfNeeded: group >> 16))
            switch paddingCount {
            case 0:
                output.append(UInt8(truncatingIfNeeded: group >> 8))
                output.append(UInt8(truncatingIfNeeded: group))
            case 1:
                guard group & 0xFF == 0 else { return nil }
                output.append(UInt8(truncatingIfNeeded: group >> 8))
            default:
                guard group & 0xFFFF == 0 else { return nil }
            }
            index += 4
        }
        return output
    }

    private static func sextet(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
