import Testing
@testable import HTTP

/// Reading the two fields whose syntax every API request depends on: `Content-Type` and
/// `Authorization`.
@Suite struct HeaderValueTests {
    private func headers(_ fields: String) throws -> HTTPHeaders {
        try #require(parse("POST / HTTP/1.1\r\nHost: h\r\n\(fields)Content-Length: 0\r\n\r\n").requests.first).head.headers
    }

    @Test func aMediaTypeMatchesInAnyCaseWithOrWithoutParameters() throws {
        let cases = [("application/json", true), ("Application/JSON; charset=utf-8", true), ("application/json ;q=1", true),
                     ("application/json;", true), ("application/jsonx", false), ("application/json-patch+json", false),
                     ("json", false), (";", false)]
        for (value, expected) in cases {
            #expect(try headers("Content-Type: \(value)\r\n").contentType(is: "application/json") == expected, "\(value)")
        }
        #expect(try headers("").contentType(is: "application/json") == false)
    }

    @Test func credentialsFollowTheirSchemeInAnyCase() throws {
        let cases: [(String, String?)] = [("Bearer abc.def", "abc.def"), ("bearer abc", "abc"), ("BEARER   abc", "abc"),
                                          ("Basic abc", nil), ("Bearer", nil), ("Bearerabc", nil), ("Bearerx abc", nil),
                                          ("Bearer a b", "a b")]
        for (value, expected) in cases {
            #expect(try headers("Authorization: \(value)\r\n").credentials(scheme: "bearer") == expected, "\(value)")
        }
        #expect(try headers("").credentials(scheme: "bearer") == nil)
    }
}
