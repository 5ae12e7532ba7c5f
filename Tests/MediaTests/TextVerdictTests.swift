import Media
import Testing

@Suite struct TextVerdictTests {
    /// The module's validator against the standard library's, on valid and invalid sequences of
    /// every length (RFC 3629 and Markus Kuhn's decoder test cases).
    @Test func agreesWithTheStandardLibrary() {
        let cases: [[UInt8]] = [
            [], [0x41], [0x7F], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
            [0xF4, 0x8F, 0xBF, 0xBF], [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF],
            [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFE], [0xFF],
            [0xC2], [0xE1, 0x80], [0xF1, 0x80, 0x80], [0xC2, 0x41], [0xE1, 0x80, 0x41], [0x41, 0xF1, 0x80, 0x80, 0x80, 0x42],
        ]
        for bytes in cases {
            let expected: TextVerdict = String(validating: bytes, as: UTF8.self) == nil ? .notUTF8 : .utf8
            #expect(TextVerdict(bytes, isWholeFile: true) == expected, "\(bytes)")
        }
    }

    @Test func aPrefixMayEndInsideASequenceButOnlyAValidOne() {
        for cut: [UInt8] in [[0x41, 0xC2], [0xE1, 0x80], [0xF0, 0x90, 0x80], [0xF4, 0x8F]] {
            #expect(TextVerdict(cut, isWholeFile: false) == .utf8, "\(cut)")
            #expect(TextVerdict(cut, isWholeFile: true) == .notUTF8, "\(cut)")
        }
        for impossible: [UInt8] in [[0xE0, 0x80], [0xED, 0xA0], [0xF0, 0x80], [0xF4, 0x90], [0xC0], [0xF5]] {
            #expect(TextVerdict(impossible, isWholeFile: false) == .notUTF8, "\(impossible)")
        }
    }

    @Test func theFirstProblemDecides() {
        #expect(TextVerdict([0x41, 0x00, 0xFF], isWholeFile: true) == .containsNUL)
        #expect(TextVerdict([0x41, 0xFF, 0x00], isWholeFile: true) == .notUTF8)
        #expect(TextVerdict(Array("tab\tform feed\u{C} escape\u{1B} fine".utf8), isWholeFile: true) == .utf8)
    }
}
