import Chat
import JSON
import Testing

/// Text limits count Unicode scalars and so cap bytes (issue 13): a grapheme cluster can be a
/// letter with any number of combining marks, which let a 900 KB title pass a 200-character limit.
@Suite struct TextLimitTests {
    /// The attack of the issue: one "character", 450,000 combining marks, about 900 KB.
    static let zalgo = "a" + String(repeating: "\u{301}", count: 450_000)

    @Test func oneGraphemeOfCombiningMarksIsRefusedEverywhere() throws {
        #expect(Self.zalgo.count == 1, "one grapheme cluster: the old limit saw one character")
        #expect(Self.zalgo.utf8.count == 900_001)
        let refusals: [(field: String, attempt: () throws -> Void)] = [
            ("title", { _ = try NewChat(body: ["title": .string(Self.zalgo)]) }),
            ("text", { _ = try NewMessage(body: ["text": .string(Self.zalgo)]) }),
            ("name", { _ = try WebsiteChanges(body: ["name": .string(Self.zalgo)]) }),
            ("widget.title", { _ = try WidgetSettings().merging(["title": .string(Self.zalgo)]) }),
            ("widget.greeting", { _ = try WidgetSettings().merging(["greeting": .string(Self.zalgo)]) }),
            ("title", { _ = try ChatChanges(body: ["title": .string(Self.zalgo)]) }),
        ]
        for refusal in refusals {
            #expect(performing: refusal.attempt, throws: { error in
                (error as? ValidationError)?.field == refusal.field
            })
        }
    }

    @Test func limitsCountScalarsNotGraphemes() throws {
        let decomposed = String(repeating: "e\u{301}", count: 101)  // 101 graphemes, 202 scalars
        #expect(throws: ValidationError.self) { try NewChat(body: ["title": .string(decomposed)]) }
        let fits = String(repeating: "e\u{301}", count: 100)
        #expect(try NewChat(body: ["title": .string(fits)]).title == fits)
        #expect(throws: ValidationError(field: "title", message: "title must be 0 to 200 characters long (Unicode scalars, at most 800 bytes of UTF-8).")) {
            try NewChat(body: ["title": .string(String(repeating: "x", count: 201))])
        }
    }

    /// The byte caps are what the scalar limits allow at 4 bytes a scalar: emoji fill them exactly.
    @Test func fourByteScalarsFillTheDocumentedByteCaps() throws {
        let title = String(repeating: "😀", count: 200)
        #expect(try NewChat(body: ["title": .string(title)]).title.utf8.count == 800)
        let text = String(repeating: "😀", count: 8000)
        #expect(try NewMessage(body: ["text": .string(text)]).text.utf8.count == 32_000)
        #expect(throws: ValidationError.self) { try NewMessage(body: ["text": .string(text + "😀")]) }
        #expect(Validate.maxBytes(8000) == 32_000)
    }

    @Test func surroundingWhitespaceIsTrimmedByScalars() throws {
        #expect(try NewChat(body: ["title": "\u{3000} Help \u{A0}\n"]).title == "Help")
        #expect(try NewMessage(body: ["text": .string(" " + String(repeating: "x", count: 8000) + " ")]).text.count == 8000)
        #expect(throws: ValidationError.self) { try NewMessage(body: ["text": "\u{2003}\t"]) }
    }
}
