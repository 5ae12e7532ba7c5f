@testable import Chat
import Testing

/// How text is folded for search (`SearchText`, `SearchQuery`, `SearchSnippet`): the same terms
/// for the index and the query on every backend, so these rules are what both find.
@Suite struct SearchTextTests {
    @Test func wordsAreLowerCasedWithoutAccentsInAnyScript() {
        #expect(SearchText.indexTerms(of: "Crème BRÛLÉE, s'il-vous-plaît!") == ["creme", "brulee", "s", "il", "vous", "plait"])
        #expect(SearchText.indexTerms(of: "Ωμέγα Привет ÅNGSTRÖM") == ["ωμεγα", "привет", "angstrom"])
        #expect(SearchText.indexTerms(of: "e\u{301}te\u{301} ete") == ["ete", "ete"], "decomposed accents fold alike")
        #expect(SearchText.indexTerms(of: "नमस्ते 2024 ٣") == ["नमसत", "2024", "٣"], "marks fold away in every script; digits are words")
    }

    @Test func unspacedScriptsBecomeCharactersAndPairs() {
        #expect(SearchText.indexTerms(of: "東京タ") == ["東", "東京", "京", "京タ", "タ"])
        #expect(SearchText.indexTerms(of: "注文abc") == ["注", "注文", "文", "abc"])
    }

    @Test func longWordsAndHugeTextsAreBounded() {
        let long = String(repeating: "x", count: 100)
        #expect(SearchText.indexTerms(of: long) == [String(repeating: "x", count: SearchText.maximumTermLength)])
        let many = String(repeating: "東京", count: 10_000)
        #expect(SearchText.indexTerms(of: many).count == SearchText.maximumTerms)
    }

    /// ASCII text takes a path over bytes on every send: it must index what the general path does.
    @Test func theASCIIPathIndexesWhatTheGeneralPathDoes() {
        for text in ["Hi, I ordered the BLUE jacket. Order #4711?!", "  --x--  ", "", "a_b-c.d@e.f", String(repeating: "Long", count: 20) + " end",
                     "tabs\tand\nnew lines", "12345 67890"] {
            #expect(SearchText.indexText(of: text) == SearchText.indexTerms(of: text).joined(separator: " "), "\(text)")
        }
    }

    @Test func queriesFoldAsTheIndexAndTakeTheLastWordAsAPrefix() throws {
        let query = try SearchQuery("Crème  BRU")
        #expect(query.exact == ["creme"] && query.prefix == "bru")
        #expect(query.fts5Expression == #""creme" "bru"*"#)
        #expect(query.tsqueryExpression == "'creme' & 'bru':*")
        let cjk = try SearchQuery("東京タワー")
        #expect(cjk.exact == ["東京", "京タ", "タワ", "ワー"] && cjk.prefix == nil)
        #expect(try SearchQuery("京").prefix == "京")
        #expect(throws: ValidationError.self) { try SearchQuery("?!* ") }
        #expect(throws: ValidationError.self) { try SearchQuery("a" + String(repeating: "\u{301}", count: 300)) }
    }

    @Test func snippetsCutAroundTheFirstHit() throws {
        let text = String(repeating: "filler ", count: 40) + "the Tracking number" + String(repeating: " more", count: 40)
        let snippet = SearchSnippet.make(from: text, for: try SearchQuery("track"))
        #expect(snippet.hasPrefix("…filler") && snippet.hasSuffix("…"), "\(snippet)")
        #expect(snippet.contains("the Tracking number"))
        #expect(snippet.unicodeScalars.count <= SearchSnippet.maximumLength + 2)
        #expect(SearchSnippet.make(from: "short and sweet", for: try SearchQuery("sweet")) == "short and sweet")
    }
}
