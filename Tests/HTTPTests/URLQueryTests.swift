import HTTP
import Testing

@Suite("URL query strings")
struct URLQueryTests {
    @Test func pairsAreDecodedInOrder() throws {
        let pairs = try #require(URLQuery.parse("status=open&metadata__owner__team=core%20team&q=a+b&empty=&flag&status=pending"))
        #expect(pairs.map(\.name) == ["status", "metadata__owner__team", "q", "empty", "flag", "status"])
        #expect(pairs.map(\.value) == ["open", "core team", "a b", "", "", "pending"])
    }

    @Test func emptyOrMissingQueriesHaveNoPairs() throws {
        #expect(try #require(URLQuery.parse(nil)).isEmpty)
        #expect(try #require(URLQuery.parse("")).isEmpty)
        #expect(try #require(URLQuery.parse("&&")).isEmpty)
    }

    @Test func unicodeAndReservedCharacters() throws {
        let pairs = try #require(URLQuery.parse("name=caf%C3%A9&eq=a%3Db%26c&pct=100%25"))
        #expect(pairs.map(\.value) == ["café", "a=b&c", "100%"])
    }

    @Test(arguments: ["a=%", "a=%4", "a=%zz", "a=%C3", "%ff=1", "a=%C0%80"])
    func malformedEscapesAreRefused(_ query: String) {
        #expect(URLQuery.parse(query) == nil)
    }

    /// No text a server keeps should hold NUL (PostgreSQL's text cannot): refused at the door.
    @Test(arguments: ["a=%00", "a%00=1", "a=x%00y"])
    func anEncodedNulIsRefused(_ query: String) {
        #expect(URLQuery.parse(query) == nil)
    }
}
