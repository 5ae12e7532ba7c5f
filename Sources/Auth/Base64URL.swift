/// Base64 with the URL and filename safe alphabet and no padding (RFC 4648 §5), the encoding of
/// every part of a compact JWS.
///
/// Decoding accepts only the canonical form, so that each byte string has exactly one text:
/// a token cannot be altered into a different string that still verifies, and caches or logs
/// keyed by token text cannot be confused by equivalent spellings.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// 6-bit value of each alphabet byte; `invalid` for every other byte.
    private static let sextets: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()

    private static let invalid: UInt8 = 0xFF

    /// Encodes `bytes` without padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        withContiguousBytes(bytes) { input in
            let fullGroups = input.count / 3
            let remainder = input.count % 3
            let length = fullGroups * 4 + (remainder == 0 ? 0 : remainder + 1)
            return String(unsafeUninitializedCapacity: length) { output in
                var out = 0
                var index = 0
                for _ in 0..<fullGroups {
                    let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                    output[out] = alphabet[Int(group >> 18)]
                    output[out + 1] = alphabet[Int(group >> 12 & 0x3F)]
                    output[out + 2] = alphabet[Int(group >> 6 & 0x3F)]
                    output[out + 3] = alphabet[Int(group & 0x3F)]
                    index += 3
                    out += 4
                }
                if remainder > 0 {
                    let second = remainder == 2 ? UInt32(input[index + 1]) : 0
                    let group = UInt32(input[index]) << 16 | second << 8
                    output[out] = alphabet[Int(group >> 18)]
                    output[out + 1] = alphabet[Int(group >> 12 & 0x3F)]
                    if remainder == 2 {
                        output[out + 2] = alphabet[Int(group >> 6 & 0x3F)]
                    }
                }
                return length
            }
        }
    }

    /// Decodes canonical unpadded base64url, or returns nil for anything else: padding,
    /// whitespace, characters outside `A–Z a–z 0–9 - _`, a length that leaves a single
    /// character over (`count % 4 == 1`), or a final character whose unused low bits are not zero.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        withContiguousBytes(text.utf8) { decode(bytes: $0) }
    }

    /// Decodes the text held in `input` (UTF-8 bytes), with the rules of `decode(_:)`.
    static func decode(bytes input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let fullGroups = input.count / 4
        let remainder = input.count % 4
        guard remainder != 1 else { return nil }
        let length = fullGroups * 3 + (remainder == 0 ? 0 : remainder - 1)
        var valid = true
        let decoded = [UInt8](unsafeUninitializedCapacity: length) { output, initializedCount in
            var index = 0
            var out = 0
            for _ in 0..<fullGroups {
                guard let group = sextetGroup(input, from: index, count: 4) else {
                    valid = false
                    return
                }
                output[out] = UInt8(truncatingIfNeeded: group >> 16)
                output[out + 1] = UInt8(truncatingIfNeeded: group >> 8)
                output[out + 2] = UInt8(truncatingIfNeeded: group)
                index += 4
                out += 3
            }
            if remainder > 0 {
                // 2 characters carry 1 byte and 4 spare bits, 3 characters carry 2 bytes and
                // 2 spare bits; canonical text leaves the spare bits zero.
                guard let group = sextetGroup(input, from: index, count: remainder),
                      group & (remainder == 2 ? 0xFFFF : 0xFF) == 0 else {
                    valid = false
                    return
                }
                output[out] = UInt8(truncatingIfNeeded: group >> 16)
                if remainder == 3 {
                    output[out + 1] = UInt8(truncatingIfNeeded: group >> 8)
                }
            }
            initializedCount = length
        }
        return valid ? decoded : nil
    }

    /// Packs `count` (2–4) characters starting at `start` into the top bits of a 24-bit group, or
    /// returns nil if any of them is outside the alphabet.
    @inline(__always)
    private static func sextetGroup(_ input: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> UInt32? {
        var group: UInt32 = 0
        for offset in 0..<4 {
            var value: UInt8 = 0
            if offset < count {
                value = sextets[Int(input[start + offset])]
                if value == invalid { return nil }
            }
            group = group << 6 | UInt32(value)
        }
        return group
    }
}
