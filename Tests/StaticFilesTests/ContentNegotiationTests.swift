import Testing
@testable import StaticFiles

@Suite("Content negotiation")
struct ContentNegotiationTests {
    @Test("Accept-Encoding", arguments: [
        (nil, false),
        ("", false),
        ("gzip", true),
        ("GZIP", true),
        ("x-gzip", true),
        ("X-Gzip", true),
        ("*", true),
        ("identity", false),
        ("deflate, br", false),
        ("gzipped", false),
        ("br, gzip", true),
        ("gzip, deflate, br, zstd", true),
        (" deflate ,  gzip ;  q=1.0 ", true),
        ("gzip\t;\tq=0.8", true),
        ("gzip;Q=0.5", true),
        ("gzip;q=1", true),
        ("gzip;q=1.", true),
        ("gzip;q=0.001", true),
        ("gzip;q=0", false),
        ("gzip; q=0.000", false),
        ("gzip;q=0.", false),
        ("*;q=0", false),
        ("identity, *;q=0", false),
        ("gzip;q=0, *", false),
        ("*;q=0, gzip", true),
        ("gzip;q=0, x-gzip", false),
        ("x-gzip;q=0.2, br", true),
        ("gzip;q=1.5", false),
        ("gzip;q=0.0001", false),
        ("gzip;q=abc", false),
        ("gzip;level=1", false),
        ("gzip;q=0.5;x=1", false),
        (",,gzip,,", true),
        ("br;q=1.5, gzip", true),
    ] as [(String?, Bool)])
    func acceptsGzip(header: String?, expected: Bool) {
        #expect(ContentNegotiation.acceptsGzip(header) == expected)
    }

    @Test("If-None-Match against \"abc\"", arguments: [
        (nil, false),
        ("", false),
        ("\"abc\"", true),
        ("W/\"abc\"", true),
        ("\"xyz\"", false),
        ("\"xyz\", \"abc\"", true),
        (" \"xyz\" ,W/\"abc\" ", true),
        ("\"xyz\",\"abc\"", true),
        ("*", true),
        ("  *\t", true),
        ("\"abc\", *", false),
        ("abc", false),
        ("\"abc", false),
        ("\"ab\"c\"", false),
        ("\"abc\"junk", false),
        ("\"abc\", junk", false),
        ("w/\"abc\"", false),
        ("W\"abc\"", false),
        ("\"ABC\"", false),
        (", \"abc\",", true),
    ] as [(String?, Bool)])
    func ifNoneMatch(header: String?, expected: Bool) {
        #expect(ContentNegotiation.ifNoneMatch(header, matches: "\"abc\"") == expected)
    }

    @Test func ifNoneMatchComparesWeaklyOnBothSides() {
        #expect(ContentNegotiation.ifNoneMatch("\"abc\"", matches: "W/\"abc\""))
        #expect(ContentNegotiation.ifNoneMatch("W/\"abc\"", matches: "W/\"abc\""))
    }

    @Test func entityTagsMayContainCommas() {
        #expect(ContentNegotiation.ifNoneMatch("\"a,b\"", matches: "\"a,b\""))
        #expect(!ContentNegotiation.ifNoneMatch("\"a,b\"", matches: "\"a\""))
    }
}
