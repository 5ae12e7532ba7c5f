@testable import BrowserSupport
import Testing

@Suite struct Base64Tests {
    @Test(arguments: [
        ("", ""), ("Zg==", "f"), ("Zm8=", "fo"), ("Zm9v", "foo"), ("Zm9vYg==", "foob"), ("Zm9vYmE=", "fooba"),
        ("Zm9vYmFy", "foobar"),
    ])
    func rfc4648Vectors(encoded: String, decoded: String) {
        #expect(Base64.decode(encoded) == Array(decoded.utf8))
    }

    @Test func everyByteValueSurvives() {
        // "AAECAwQF...": the bytes 0 to 5, then the alphabet's last two characters.
        #expect(Base64.decode("AAECAwQF") == [0, 1, 2, 3, 4, 5])
        #expect(Base64.decode("+/8=") == [0xFB, 0xFF])
    }

    @Test(arguments: ["Zg=", "Zm9v!", "Zg==Zg==", "Z===", "Zm9\u{00E9}", "Zm 9"])
    func malformedTextIsRejected(encoded: String) {
        #expect(Base64.decode(encoded) == nil)
    }
}
