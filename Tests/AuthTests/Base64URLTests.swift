import Auth
import Testing

@Suite struct Base64URLTests {
    /// RFC 4648 §10 vectors without their padding, plus inputs that hit the two characters where
    /// the URL alphabet differs from standard base64 (`-` for `+`, `_` for `/`).
    static let vectors: [(bytes: [UInt8], text: String)] = [
        (Array("".utf8), ""),
        (Array("f".utf8), "Zg"),
        (Array("fo".utf8), "Zm8"),
        (Array("foo".utf8), "Zm9v"),
        (Array("foob".utf8), "Zm9vYg"),
        (Array("fooba".utf8), "Zm9vYmE"),
        (Array("foobar".utf8), "Zm9vYmFy"),
        ([0xFB, 0xFF], "-_8"),
        ([0xFB, 0xEF, 0xBE], "----"),
        ([0xFF, 0xFF, 0xFF], "____"),
        ([0x00], "AA"),
        ([0x00, 0x00, 0x00], "AAAA"),
    ]

    @Test func encodesTheVectors() {
        for vector in Self.vectors {
            #expect(Base64URL.encode(vector.bytes) == vector.text)
        }
    }

    @Test func decodesTheVectors() {
        for vector in Self.vectors {
            #expect(Base64URL.decode(vector.text) == vector.bytes)
        }
    }

    @Test func decodesSubstringsAndEncodesNonContiguousCollections() {
        let text = "xZm9vYmFyx"
        let inner = text.dropFirst().dropLast()
        #expect(Base64URL.decode(inner) == Array("foobar".utf8))
        #expect(Base64URL.encode(Array("foobar".utf8).lazy.map { $0 }) == "Zm9vYmFy")
    }

    @Test func roundTripsEveryLengthAndByteValue() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
            let text = Base64URL.encode(bytes)
            #expect(text.utf8.count % 4 != 1)
            #expect(Base64URL.decode(text) == bytes)
        }
        let allBytes = (0...255).map { UInt8($0) }
        #expect(Base64URL.decode(Base64URL.encode(allBytes)) == allBytes)
    }

    @Test(arguments: [
        "Zg==", "Zg=", "Zm8=", "=", "Zm9v====",          // padding
        "Zm9v\n", " Zm9v", "Zm9v ", "Zm 9v", "Zm9v\r\n", "Zm\t9v", // whitespace
        "+/8", "Zm9+", "Zm9/",                              // standard alphabet
        "Zh", "Zm9", "-_9", "AB", "AAB",                    // stray trailing bits
        "Z", "Zm9vY", "AAAAA",                              // length % 4 == 1
        "Zm9v.", "Zm9v!", "Zm\u{0}9", "Zm9vé", "Zm9v\u{FF21}", // outside the alphabet
    ])
    func rejectsNonCanonicalText(_ text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func canonicalNeighboursOfTheStrayBitCasesDecode() {
        // The rejected "Zh", "Zm9", "-_9", "AB" and "AAB" differ from these only in spare bits.
        #expect(Base64URL.decode("Zg") == [0x66])
        #expect(Base64URL.decode("Zm8") == [0x66, 0x6F])
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.decode("AA") == [0x00])
        #expect(Base64URL.decode("AAA") == [0x00, 0x00])
    }
}
