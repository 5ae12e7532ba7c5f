import Media
import Testing

/// Contract §8: bytes whose signature contradicts the declared type are refused (`415`).
@Suite struct ContradictionTests {
    /// Each fixture against each type of the default allowed list: only its own type, and for
    /// text only `text/plain`, is not contradicted.
    @Test(arguments: Fixture.allCases)
    func eachFixtureMatchesOnlyItsOwnType(_ fixture: Fixture) throws {
        let signature = MediaSignature(try fixture.bytes(), isWholeFile: true)
        let own = signature.kind.mediaType ?? "text/plain"
        for declared in ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"] {
            #expect(signature.contradicts(declared: declared) == (declared != own), "\(fixture.rawValue) declared \(declared)")
        }
    }

    @Test func typeAndSubtypeAreCaseInsensitiveAndParametersDoNotCount() throws {
        let png = MediaSignature(try Fixture.png.bytes(), isWholeFile: true)
        for declared in ["IMAGE/PNG", "Image/Png", "image/png; charset=binary", "image/png;q=1 ; x=\"a;b\"", "  image/png  ", "image/png;"] {
            #expect(!png.contradicts(declared: declared), "\(declared)")
        }
        let text = MediaSignature(try Fixture.text.bytes(), isWholeFile: true)
        for declared in ["text/plain; charset=utf-8", "TEXT/Plain;Charset=\"UTF-8\"", "text/plain;charset=iso-8859-1"] {
            #expect(!text.contradicts(declared: declared), "\(declared)")
        }
    }

    @Test func declaredValuesThatAreNotMediaTypesAreContradicted() throws {
        let png = MediaSignature(try Fixture.png.bytes(), isWholeFile: true)
        for declared in ["", "image", "image/", "/png", "image/png/x", "image /png", "image/png; charset", "image/png; a=\"open", "imagé/png"] {
            #expect(png.contradicts(declared: declared), "\(declared)")
        }
    }

    /// Types without a signature here are for the allow-list to refuse, not this rule.
    @Test func typesWithoutASignatureAreNotContradicted() throws {
        let png = MediaSignature(try Fixture.png.bytes(), isWholeFile: true)
        #expect(!png.contradicts(declared: "application/octet-stream"))
        #expect(!png.contradicts(declared: "image/svg+xml"))
    }

    @Test func textWithANULByteIsNotPlainText() {
        let signature = MediaSignature(Array("a\0b".utf8), isWholeFile: true)
        #expect(signature.text == .containsNUL)
        #expect(signature.contradicts(declared: "text/plain"))
    }

    @Test func textThatIsNotUTF8IsNotPlainText() {
        let latin1: [UInt8] = [0x47, 0x72, 0xFC, 0xDF, 0x65]  // "Grüße" in ISO 8859-1
        let signature = MediaSignature(latin1, isWholeFile: true)
        #expect(signature.text == .notUTF8)
        #expect(signature.contradicts(declared: "text/plain; charset=iso-8859-1"))
    }

    /// A prefix may end inside a character; the whole file may not.
    @Test func aCharacterCutByThePrefixEndIsNotHeldAgainstIt() {
        let cut = Array("Grüße".utf8).dropLast(4)  // ends with the first byte of "ß"
        #expect(!MediaSignature(Array(cut), isWholeFile: false).contradicts(declared: "text/plain"))
        #expect(MediaSignature(Array(cut), isWholeFile: true).contradicts(declared: "text/plain"))
    }

    @Test func emptyFileIsTextButNoImage() {
        let empty = MediaSignature([], isWholeFile: true)
        #expect(!empty.contradicts(declared: "text/plain"))
        #expect(empty.contradicts(declared: "image/png"))
        #expect(empty.contradicts(declared: "application/pdf"))
    }

    /// A binary format's signature is ASCII or UTF-8 sometimes (`%PDF-`, `GIF89a`, `RIFF`); it is
    /// still not plain text.
    @Test func signaturesContradictPlainTextEvenWhenTheyAreUTF8() {
        for bytes in [Array("%PDF-1.7\n".utf8), Array("GIF89a\u{1}\u{1}\u{1}\u{1}".utf8)] {
            let signature = MediaSignature(bytes, isWholeFile: true)
            #expect(signature.text == .utf8)
            #expect(signature.contradicts(declared: "text/plain"), "\(bytes)")
        }
    }
}
