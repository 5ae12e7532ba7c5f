import Media
import Testing

@Suite struct JPEGHeaderTests {
    static func segment(_ marker: UInt8, _ body: [UInt8]) -> [UInt8] {
        [0xFF, marker] + bigEndian16(body.count + 2) + body
    }

    static func frame(_ marker: UInt8 = 0xC0, height: Int = 21, width: Int = 37, components: UInt8 = 3) -> [UInt8] {
        var body: [UInt8] = [8]
        body += bigEndian16(height)
        body += bigEndian16(width)
        body.append(components)
        for id in 0..<components { body += [id + 1, 0x11, 0] }
        return segment(marker, body)
    }

    static let soi: [UInt8] = [0xFF, 0xD8]
    static let app0 = segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
    static let scan = segment(0xDA, [1, 1, 0, 0, 63, 0]) + [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD9]

    static func jpeg(_ parts: [UInt8]...) -> [UInt8] {
        soi + parts.flatMap { $0 } + scan
    }

    @Test func everyStartOfFrameMarkerGivesTheSize() {
        for marker in [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF] as [UInt8] {
            #expect(dimensions(Self.jpeg(Self.app0, Self.frame(marker))) == "37×21", "SOF \(marker)")
        }
    }

    /// DHT, JPG and DAC sit in the SOF range but are not frames; a body that looks like a frame
    /// header must be skipped.
    @Test func tablesInTheFrameRangeAreSkipped() {
        let decoy: [UInt8] = [8, 0x03, 0xE7, 0x03, 0xE7, 1, 1, 0x11, 0]  // 999 × 999, one component
        for marker in [0xC4, 0xC8, 0xCC] as [UInt8] {
            #expect(dimensions(Self.jpeg(Self.segment(marker, decoy), Self.frame())) == "37×21", "marker \(marker)")
        }
    }

    @Test func fillBytesAndStandaloneMarkersAreSkipped() {
        let fill: [UInt8] = [0xFF, 0xFF, 0xFF]
        #expect(dimensions(Self.jpeg(fill, Self.app0, fill, Self.frame())) == "37×21")
        #expect(dimensions(Self.jpeg([0xFF, 0xD0, 0xFF, 0xD7, 0xFF, 0x01, 0xFF, 0xD8], Self.frame())) == "37×21")
    }

    @Test func fillBytesInARealFileAreSkipped() throws {
        var bytes = try Fixture.baselineJPEG.bytes()
        let frameStart = try #require(bytes.indices.dropLast().first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes.insert(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF], at: frameStart)
        #expect(dimensions(bytes) == "37×21")
    }

    @Test func manyMetadataSegmentsBeforeTheFrame() {
        let app1 = Self.segment(0xE1, Array("Exif\0\0".utf8) + Array(repeating: 0xFF, count: 60_000))
        let comment = Self.segment(0xFE, Array("made by hand".utf8))
        #expect(dimensions(Self.jpeg(app1, Self.app0, comment, Self.segment(0xDB, Array(repeating: 1, count: 65)), Self.frame())) == "37×21")
    }

    @Test func scanDataOrTheEndBeforeAFrameIsMalformed() {
        #expect(dimensions(Self.soi + Self.app0 + Self.scan + Self.frame()) == nil)
        #expect(dimensions(Self.soi + Self.app0 + [0xFF, 0xD9] + Self.frame()) == nil)
        #expect(dimensions(Self.soi + [0xFF, 0x00] + Self.frame()) == nil)
    }

    @Test func aMissingMarkerOrABadLengthIsMalformed() {
        #expect(dimensions(Self.soi + Self.app0 + [0x00] + Self.frame()) == nil)
        #expect(dimensions(Self.soi + [0xFF, 0xE0, 0x00, 0x01] + Self.frame()) == nil)
        #expect(dimensions(Self.soi + [0xFF, 0xE0, 0x00, 0x00] + Self.frame()) == nil)
        // A length that jumps past the frame, and one that runs past the bytes.
        #expect(dimensions(Self.soi + [0xFF, 0xE0, 0x00, 0x06, 0, 0] + Self.frame()) == nil)
        #expect(dimensions(Self.soi + [0xFF, 0xE0, 0xFF, 0xFF] + Self.frame()) == nil)
    }

    /// Height 0 defers to a DNL segment after the scan, which the reader does not go looking for.
    @Test func aFrameWithoutASizeOrWithABadLengthIsMalformed() {
        #expect(dimensions(Self.jpeg(Self.frame(height: 0))) == nil)
        #expect(dimensions(Self.jpeg(Self.frame(width: 0))) == nil)
        #expect(dimensions(Self.jpeg(Self.frame(components: 0))) == nil)
        var short = Self.frame()
        short[3] -= 1
        #expect(dimensions(Self.jpeg(short)) == nil)
        #expect(dimensions(Self.jpeg(Self.frame(height: 65_535, width: 65_535))) == "65535×65535")
    }
}

func bigEndian16(_ value: Int) -> [UInt8] {
    [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}
