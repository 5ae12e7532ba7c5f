import Clock
import Chat
import JSON
import Testing

@Suite("Validation of website fields")
struct ValidationTests {
    @Test(arguments: [
        ("https://shop.example", "https://shop.example"),
        ("HTTPS://Shop.Example", "https://shop.example"),
        ("https://shop.example:443", "https://shop.example"),
        ("http://localhost:80", "http://localhost"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("https://shop.example:8443", "https://shop.example:8443"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("http://[0:0:0:0:0:0:0:1]", "http://[::1]"),
        ("https://[2001:DB8::0:1]:443", "https://[2001:db8::1]"),
        ("https://a-b.c-d.example", "https://a-b.c-d.example"),
    ])
    func originsAreNormalized(_ input: String, _ expected: String) throws {
        #expect(try Validate.origin(.string(input), field: "o") == expected)
    }

    @Test(arguments: [
        "ftp://x.example", "https://", "https://x.example/", "https://x.example/path", "https://x.example?q",
        "https://x.example#f", "https://user@x.example", "http://host:", "http://a:b:c", "http://x:0", "http://x:65536",
        "http://x:123456", "http://x:8o", "http://[::1", "http://[zz]", "http://[e8]", "http://[]", "http://[1:2:3]", "http://[::1]x", "http://-x.example", "http://x-.example",
        "http://x..example", "http://x .example", "https://xn--caf.example\u{0}", "shop.example", "",
    ])
    func badOriginsAreRefused(_ input: String) {
        #expect(throws: ValidationError.self) { try Validate.origin(.string(input), field: "o") }
    }

    @Test func originMustBeAString() {
        #expect(throws: ValidationError.self) { try Validate.origin(.int(1), field: "o") }
    }

    @Test func widgetValuesAreCheckedByMeaningFirst() throws {
        #expect(throws: ValidationError(field: "widget.position", message: "widget.position must be \"right\" or \"left\".")) {
            try WidgetSettings().merging(["position": "middle"])
        }
        #expect(throws: ValidationError(field: "widget.color", message: "widget.color must be a hex colour such as #2563eb.")) {
            try WidgetSettings().merging(["color": "red"])
        }
        let merged = try WidgetSettings().merging(["color": "#ABC", "title": "  Help  ", "position": "left"])
        #expect(merged.color == "#abc")
        #expect(merged.title == "Help")
        #expect(merged.position == "left")
        #expect(merged.greeting == WidgetSettings().greeting)
    }

    @Test func unknownFieldsAreRefused() {
        #expect(throws: ValidationError.self) { try WebsiteChanges(body: ["name": "x", "owner": "y"]) }
        #expect(throws: ValidationError.self) { try WidgetSettings().merging(["font": "x"]) }
    }
}

@Suite("Identifiers")
struct IdentifierTests {
    @Test func sortableIdsSortByTimeAndStayUnique() {
        let early = Identifier.makeSortable(prefix: "msg_", at: Timestamp(milliseconds: 1_764_000_000_000))
        let late = Identifier.makeSortable(prefix: "msg_", at: Timestamp(milliseconds: 1_764_000_000_001))
        #expect(early < late)
        #expect(early.count == 4 + 20)
        let many = Set((0..<1000).map { _ in Identifier.makeSortable(prefix: "ch_") })
        #expect(many.count == 1000)
        #expect(Identifier.make(prefix: "ws_").count == 3 + 20)
    }

    /// The time part is the time in base 36; the random part comes from a pool refilled as it
    /// runs out, and stays unique and within the alphabet across refills.
    @Test func idsCarryTheirTimeAndRandomCharactersAcrossPoolRefills() {
        let sortable = Identifier.makeSortable(prefix: "msg_", at: Timestamp(milliseconds: 1_764_000_000_000))
        #expect(sortable.hasPrefix("msg_0midc1z40"))
        let ids = (0..<2_000).map { _ in Identifier.make(prefix: "ch_") }
        #expect(Set(ids).count == ids.count)
        let alphabet = Set("0123456789abcdefghijklmnopqrstuvwxyz")
        #expect(ids.allSatisfy { $0.hasPrefix("ch_") && $0.dropFirst(3).allSatisfy(alphabet.contains) })
        let characters = ids.flatMap { $0.dropFirst(3) }
        #expect(Set(characters) == alphabet, "40,000 random characters use every one of the 36")
    }
}
