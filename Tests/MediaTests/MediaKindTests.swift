import Media
import Testing

@Suite struct MediaKindTests {
    static let expectedKinds: [Fixture: MediaKind] = [
        .png: .png, .gif87a: .gif, .gif89a: .gif, .baselineJPEG: .jpeg, .progressiveJPEG: .jpeg, .exifJPEG: .jpeg,
        .lossyWebP: .webp, .losslessWebP: .webp, .extendedWebP: .webp, .pdf: .pdf, .text: .unknown,
    ]

    @Test(arguments: Fixture.allCases)
    func eachFixtureIsItsKind(_ fixture: Fixture) throws {
        #expect(MediaKind(signatureOf: try fixture.bytes()) == Self.expectedKinds[fixture])
    }

    /// From `signatureLength` bytes on the kind is final; before, a file is its kind or unknown.
    @Test(arguments: Fixture.allCases)
    func prefixesAgreeFromTheSignatureLengthOn(_ fixture: Fixture) throws {
        let bytes = try fixture.bytes()
        let whole = MediaKind(signatureOf: bytes)
        for count in 0...bytes.count {
            let kind = MediaKind(signatureOf: Array(bytes.prefix(count)))
            if count >= MediaKind.signatureLength {
                #expect(kind == whole, "\(count) bytes")
            } else {
                #expect(kind == whole || kind == .unknown, "\(count) bytes")
            }
        }
    }

    @Test func signaturesNeedEveryByte() {
        #expect(MediaKind(signatureOf: Array("GIF88a".utf8) + [1, 0, 1, 0]) == .unknown)
        #expect(MediaKind(signatureOf: [0xFF, 0xD8, 0x00]) == .unknown)
        #expect(MediaKind(signatureOf: [0xFF, 0xD8, 0xFF]) == .jpeg)
        #expect(MediaKind(signatureOf: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x00]) == .unknown)
        #expect(MediaKind(signatureOf: Array("%PDF".utf8)) == .unknown)
        #expect(MediaKind(signatureOf: Array("%pdf-1.7".utf8)) == .unknown)
        // RIFF with another form type (WAVE), and WEBP with a chunk that is not a VP8 variant.
        #expect(MediaKind(signatureOf: Array("RIFF\u{24}\0\0\0WAVEfmt ".utf8)) == .unknown)
        #expect(MediaKind(signatureOf: Array("RIFF\u{24}\0\0\0WEBPALPH".utf8)) == .unknown)
        #expect(MediaKind(signatureOf: Array("RIFF\u{24}\0\0\0WEBPVP8".utf8)) == .unknown)
        #expect(MediaKind(signatureOf: []) == .unknown)
    }

    @Test func mediaTypesNameTheKinds() {
        #expect(MediaKind.allCases.compactMap(\.mediaType) == ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"])
        #expect(MediaKind.allCases.filter(\.isImage) == [.png, .jpeg, .gif, .webp])
    }
}
