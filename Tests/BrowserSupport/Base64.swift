/// Base64 decoding (RFC 4648, standard alphabet, padded), for the screenshots WebDriver sends.
enum Base64 {
    /// The bytes `text` encodes, or nil when it is not padded standard base64.
    static func decode(_ text: String) -> [UInt8]? {
        let length = text.utf8.count
        guard length % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(length / 4 * 3)
        var accumulator: UInt32 = 0
        var pendingBits = 0
        var padding = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            let value = sextets[Int(byte)]
            guard padding == 0, value != invalid else { return nil }
            // Only the low bits matter; older ones shift out harmlessly.
            accumulator = accumulator << 6 | UInt32(value)
            pendingBits += 6
            if pendingBits >= 8 {
                pendingBits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(pendingBits)))
            }
        }
        return padding <= 2 ? output : nil
    }

    private static let invalid: UInt8 = 0xFF

    /// The 6-bit value of every byte, `invalid` for bytes outside the alphabet.
    private static let sextets: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        return table
    }()
}
