import Media
import Testing

@Suite struct PNGHeaderTests {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A PNG start: the signature and an IHDR chunk with a correct CRC.
    static func png(width: UInt32, height: UInt32, bitDepth: UInt8 = 8, colourType: UInt8 = 2, length: UInt32 = 13, type: String = "IHDR") -> [UInt8] {
        let data = bigEndian(width) + bigEndian(height) + [bitDepth, colourType, 0, 0, 0]
        let typed = Array(type.utf8) + data
        return signature + bigEndian(length) + typed + bigEndian(crc32(typed))
    }

    @Test func theCRCHelperAgreesWithZlibsInTheFixture() throws {
        let fixture = try Fixture.png.bytes()
        #expect(Array(fixture.prefix(33)) == Self.png(width: 37, height: 21))
    }

    @Test func readsTheIHDRFields() {
        #expect(dimensions(Self.png(width: 1, height: 1)) == "1×1")
        #expect(dimensions(Self.png(width: 65_535, height: 2, bitDepth: 16, colourType: 6)) == "65535×2")
        #expect(dimensions(Self.png(width: 3, height: 4, bitDepth: 1, colourType: 3)) == "3×4")
    }

    @Test func sidesOfZeroOrOverTheCapAreMalformed() {
        #expect(dimensions(Self.png(width: 0, height: 5)) == nil)
        #expect(dimensions(Self.png(width: 5, height: 0)) == nil)
        #expect(dimensions(Self.png(width: 65_536, height: 5)) == nil)
        #expect(dimensions(Self.png(width: 5, height: 0x7FFF_FFFF)) == nil)
        #expect(dimensions(Self.png(width: 0xFFFF_FFFF, height: 0xFFFF_FFFF)) == nil)
    }

    @Test func ihdrMustBeTheFirstChunkWithLength13() {
        #expect(dimensions(Self.png(width: 5, height: 5, length: 14)) == nil)
        #expect(dimensions(Self.png(width: 5, height: 5, length: 0xFFFF_FFFF)) == nil)
        #expect(dimensions(Self.png(width: 5, height: 5, type: "IDAT")) == nil)
        #expect(dimensions(Self.png(width: 5, height: 5, type: "ihdr")) == nil)
    }

    @Test func bitDepthAndColourTypeMustBeACombinationPNGAllows() {
        #expect(dimensions(Self.png(width: 5, height: 5, bitDepth: 16, colourType: 3)) == nil)
        #expect(dimensions(Self.png(width: 5, height: 5, bitDepth: 4, colourType: 2)) == nil)
        #expect(dimensions(Self.png(width: 5, height: 5, bitDepth: 8, colourType: 1)) == nil)
        #expect(dimensions(Self.png(width: 5, height: 5, bitDepth: 0, colourType: 0)) == nil)
    }

    @Test func aWrongCRCOrMethodIsMalformed() throws {
        var bytes = try Fixture.png.bytes()
        bytes[32] ^= 1
        #expect(dimensions(bytes) == nil)
        for (position, value) in [(26, UInt8(1)), (27, 1), (28, 2)] {
            var changed = Self.png(width: 5, height: 5)
            changed[position] = value
            let typed = Array(changed[12..<29])
            changed.replaceSubrange(29..<33, with: bigEndian(crc32(typed)))
            #expect(dimensions(changed) == nil, "byte \(position) = \(value)")
        }
    }
}

func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}

/// CRC-32 (ISO 3309) written independently of the module's, checked against zlib's by the fixture.
func crc32(_ bytes: [UInt8]) -> UInt32 {
    let table: [UInt32] = (0..<256).map { index in
        (0..<8).reduce(UInt32(index)) { crc, _ in crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    }
    return ~bytes.reduce(0xFFFF_FFFF) { crc, byte in table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
}
