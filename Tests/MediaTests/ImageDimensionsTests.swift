import Media
import Testing

@Suite struct ImageDimensionsTests {
    static let size = "37×21"

    @Test(arguments: Fixture.images)
    func eachImageFixtureIs37By21(_ fixture: Fixture) throws {
        #expect(dimensions(try fixture.bytes()) == Self.size)
    }

    @Test(arguments: [Fixture.pdf, .text])
    func documentsHaveNoDimensions(_ fixture: Fixture) throws {
        #expect(ImageDimensions(reading: try fixture.bytes()) == nil)
    }

    /// Truncation anywhere gives no answer or the right one, and once the header is in, the
    /// right one for every longer prefix.
    @Test(arguments: Fixture.images)
    func everyPrefixGivesNothingOrTheRightSize(_ fixture: Fixture) throws {
        let bytes = try fixture.bytes()
        var firstFound: Int?
        for count in 0...bytes.count {
            let found = dimensions(Array(bytes.prefix(count)))
            if found != nil, firstFound == nil { firstFound = count }
            #expect(found == (firstFound == nil ? nil : Self.size), "\(count) bytes")
        }
    }

    /// Every single byte of the header changed to every value: no trap, and never a size over
    /// the cap (the answer may be another plausible size, or none).
    @Test(arguments: Fixture.images)
    func changedHeaderBytesNeverTrap(_ fixture: Fixture) throws {
        let bytes = try fixture.bytes()
        for position in 0..<min(bytes.count, 64) {
            for value in UInt8.min...UInt8.max {
                var changed = bytes
                changed[position] = value
                if let found = ImageDimensions(reading: changed) {
                    #expect(found.width >= 1 && found.width <= ImageDimensions.maxSide && found.height >= 1 && found.height <= ImageDimensions.maxSide)
                }
            }
        }
    }
}

/// The dimensions read from `bytes` as `width×height`, so that expectations read like the sizes.
func dimensions(_ bytes: [UInt8]) -> String? {
    ImageDimensions(reading: bytes).map(\.description)
}
