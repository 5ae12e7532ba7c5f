import Media
import Testing

@Suite struct GIFHeaderTests {
    static func gif(_ version: String = "89a", width: Int, height: Int) -> [UInt8] {
        Array("GIF\(version)".utf8) + littleEndian(width, 2) + littleEndian(height, 2) + [0, 0, 0, 0x3B]
    }

    @Test func readsTheLogicalScreen() {
        #expect(dimensions(Self.gif("87a", width: 1, height: 2)) == "1×2")
        #expect(dimensions(Self.gif(width: 65_535, height: 300)) == "65535×300")
        #expect(dimensions(Self.gif(width: 0, height: 3)) == nil)
        #expect(dimensions(Self.gif(width: 3, height: 0)) == nil)
        #expect(dimensions(Self.gif("88a", width: 3, height: 3)) == nil)
    }
}

@Suite struct WebPHeaderTests {
    /// `RIFF size WEBP`, then one chunk.
    static func webp(_ fourCC: String, _ payload: [UInt8], chunkSize: Int? = nil) -> [UInt8] {
        let chunk = Array(fourCC.utf8) + littleEndian(chunkSize ?? payload.count, 4) + payload
        return Array("RIFF".utf8) + littleEndian(4 + chunk.count, 4) + Array("WEBP".utf8) + chunk
    }

    /// A VP8 key frame header: frame tag (key frame, version 0, shown), start code, sizes.
    static func lossy(tag: UInt8 = 0x10, width: Int, height: Int, chunkSize: Int? = nil) -> [UInt8] {
        webp("VP8 ", [tag, 0, 0, 0x9D, 0x01, 0x2A] + littleEndian(width, 2) + littleEndian(height, 2), chunkSize: chunkSize)
    }

    static func lossless(width: Int, height: Int, version: Int = 0) -> [UInt8] {
        webp("VP8L", [0x2F] + littleEndian((width - 1) | (height - 1) << 14 | version << 29, 4))
    }

    static func extended(width: Int, height: Int, chunkSize: Int = 10) -> [UInt8] {
        webp("VP8X", [0x10, 0, 0, 0] + littleEndian(width - 1, 3) + littleEndian(height - 1, 3), chunkSize: chunkSize)
    }

    @Test func lossyKeyFrames() {
        #expect(dimensions(Self.lossy(width: 37, height: 21)) == "37×21")
        #expect(dimensions(Self.lossy(width: 16_383, height: 1)) == "16383×1")
        // The top two bits are the upscaling, not the size.
        #expect(dimensions(Self.lossy(width: 37 | 0xC000, height: 21 | 0x4000)) == "37×21")
        #expect(dimensions(Self.lossy(width: 0, height: 21)) == nil)
        #expect(dimensions(Self.lossy(tag: 0x11, width: 37, height: 21)) == nil, "an interframe")
        #expect(dimensions(Self.lossy(tag: 0x00, width: 37, height: 21)) == nil, "not shown")
        #expect(dimensions(Self.lossy(tag: 0x18, width: 37, height: 21)) == nil, "version 4")
        #expect(dimensions(Self.lossy(width: 37, height: 21, chunkSize: 9)) == nil)
        var badStartCode = Self.lossy(width: 37, height: 21)
        badStartCode[24] = 0x02
        #expect(dimensions(badStartCode) == nil)
    }

    @Test func losslessHeaders() {
        #expect(dimensions(Self.lossless(width: 1, height: 1)) == "1×1")
        #expect(dimensions(Self.lossless(width: 16_384, height: 16_384)) == "16384×16384")
        #expect(dimensions(Self.lossless(width: 37, height: 21, version: 1)) == nil)
        var badSignature = Self.lossless(width: 37, height: 21)
        badSignature[20] = 0x2E
        #expect(dimensions(badSignature) == nil)
    }

    @Test func extendedHeaders() {
        #expect(dimensions(Self.extended(width: 65_535, height: 1)) == "65535×1")
        #expect(dimensions(Self.extended(width: 65_536, height: 1)) == nil, "over the cap")
        #expect(dimensions(Self.extended(width: 1 << 24, height: 1 << 24)) == nil, "over the cap")
        #expect(dimensions(Self.extended(width: 37, height: 21, chunkSize: 11)) == nil)
    }

    @Test func otherFirstChunksHaveNoDimensions() {
        #expect(dimensions(Self.webp("ALPH", Array(repeating: 0, count: 20))) == nil)
    }
}

func littleEndian(_ value: Int, _ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(value >> (8 * $0) & 0xFF) }
}
