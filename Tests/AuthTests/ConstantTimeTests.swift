import Auth
import Testing

@Suite struct ConstantTimeTests {
    @Test func equalBytesCompareEqual() {
        #expect(constantTimeEquals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(constantTimeEquals([UInt8](), [UInt8]()))
        #expect(constantTimeEquals([UInt8](repeating: 7, count: 64), [UInt8](repeating: 7, count: 64)))
    }

    @Test func anyDifferingByteMakesThemUnequal() {
        let base = [UInt8](repeating: 0x5A, count: 32)
        for index in base.indices {
            var changed = base
            changed[index] ^= 0x01
            #expect(!constantTimeEquals(base, changed))
        }
    }

    @Test func differentLengthsAreUnequal() {
        #expect(!constantTimeEquals([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        #expect(!constantTimeEquals([UInt8](), [0] as [UInt8]))
        // A prefix of the right code must not pass for the whole code.
        #expect(!constantTimeEquals([1, 2, 3] as [UInt8], [1, 2, 3, 4] as [UInt8]))
    }

    @Test func acceptsNonContiguousCollections() {
        let bytes: [UInt8] = [9, 8, 7]
        #expect(constantTimeEquals(bytes.lazy.map { $0 }, bytes[...]))
        #expect(!constantTimeEquals(bytes.lazy.map { $0 &+ 1 }, bytes))
    }
}
