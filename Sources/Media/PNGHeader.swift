/// PNG (ISO/IEC 15948, RFC 2083): the signature, then IHDR, which must be the first chunk.
enum PNGHeader {
    /// The IHDR chunk: length 13 at byte 8, its type, width and height at 16 and 20 (big-endian),
    /// bit depth, colour type, compression, filter and interlace methods, then the CRC of type and
    /// data. Every field is checked, the CRC too, so a damaged header gives no dimensions.
    static func dimensions(_ bytes: Bytes) -> (width: Int, height: Int)? {
        guard bytes.bigEndian(4, at: 8) == 13, bytes.matches(Array("IHDR".utf8), at: 12),
              let width = bytes.bigEndian(4, at: 16), let height = bytes.bigEndian(4, at: 20),
              let bitDepth = bytes.byte(at: 24), let colourType = bytes.byte(at: 25),
              isAllowed(bitDepth: bitDepth, colourType: colourType),
              bytes.byte(at: 26) == 0, bytes.byte(at: 27) == 0, let interlace = bytes.byte(at: 28), interlace <= 1,
              let crc = bytes.bigEndian(4, at: 29), crc == Int(crc32(bytes.bytes[12..<29]))
        else { return nil }
        return (width, height)
    }

    /// The combinations of PNG's table 11.1.
    private static func isAllowed(bitDepth: UInt8, colourType: UInt8) -> Bool {
        switch colourType {
        case 0: [1, 2, 4, 8, 16].contains(bitDepth)
        case 3: [1, 2, 4, 8].contains(bitDepth)
        case 2, 4, 6: bitDepth == 8 || bitDepth == 16
        default: false
        }
    }

    /// CRC-32 as PNG defines it (ISO 3309, reflected polynomial 0xEDB88320), bit by bit: it runs
    /// over 17 bytes once per upload, so a table would buy nothing.
    private static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? crc >> 1 ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
