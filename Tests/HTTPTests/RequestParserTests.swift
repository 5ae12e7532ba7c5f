import Testing
@testable import HTTP

@Suite("Request parser: well-formed requests")
struct RequestParserTests {
    @Test func simpleGet() throws {
        let requests = parse("GET /chats?status=open HTTP/1.1\r\nHost: example.com\r\nX-Thing:  spaced value \t\r\n\r\n").requests
        let request = try #require(requests.first)
        #expect(requests.count == 1)
        #expect(request.head.method == .get)
        #expect(request.head.version == .http11)
        #expect(request.head.path == "/chats")
        #expect(request.head.query == "status=open")
        #expect(request.head.target == "/chats?status=open")
        #expect(request.head.headers["host"] == "example.com")
        #expect(request.head.headers["X-THING"] == "spaced value")
        #expect(request.head.keepAlive)
        #expect(request.body.isEmpty)
    }

    @Test func everySplitPointGivesTheSameResult() throws {
        let text = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
            + "POST /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n"
            + "GET /c HTTP/1.1\r\nHost: h\r\n\r\n"
        for size in 1...text.utf8.count {
            let requests = parse(text, chunkSize: size).requests
            #expect(requests.map(\.head.path) == ["/a", "/b", "/c"], "chunk size \(size)")
            #expect(requests.map { String(decoding: $0.body, as: UTF8.self) } == ["hello", "abcde", ""], "chunk size \(size)")
        }
    }

    @Test func leadingEmptyLinesAreIgnored() {
        #expect(parse("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n").requests.count == 1)
    }

    @Test func absoluteFormAndAsteriskForm() throws {
        let absolute = try #require(parse("GET http://example.com/x/y?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n").requests.first)
        #expect(absolute.head.path == "/x/y")
        #expect(absolute.head.query == "q=1")
        let root = try #require(parse("GET https://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n").requests.first)
        #expect(root.head.path == "/")
        let asterisk = try #require(parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").requests.first)
        #expect(asterisk.head.path == "*")
        #expect(parse("GET * HTTP/1.1\r\nHost: h\r\n\r\n").error?.status == .badRequest)
        #expect(parse("GET example.com HTTP/1.1\r\nHost: h\r\n\r\n").error?.status == .badRequest)
    }

    @Test func keepAliveRules() throws {
        #expect(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").requests.first?.head.keepAlive == false)
        #expect(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, CLOSE\r\n\r\n").requests.first?.head.keepAlive == false)
        #expect(parse("GET / HTTP/1.0\r\n\r\n").requests.first?.head.keepAlive == false)
        #expect(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").requests.first?.head.keepAlive == true)
    }

    @Test func expectContinueOnlyWithABody() {
        #expect(parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi").requests.first?.head.expectsContinue == true)
        #expect(parse("GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n").requests.first?.head.expectsContinue == false)
    }

    @Test func identicalDuplicateContentLengthsAreAccepted() {
        let outcome = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3, 3\r\n\r\nabc")
        #expect(outcome.error == nil)
        #expect(outcome.requests.first?.body == Array("abc".utf8))
    }

    @Test func unknownMethodsAreKept() {
        #expect(parse("PURGE / HTTP/1.1\r\nHost: h\r\n\r\n").requests.first?.head.method == .other("PURGE"))
    }

    @Test func bodiesAtExactlyTheLimitAreAccepted() {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 10
        #expect(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits).requests.count == 1)
        #expect(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n", limits: limits).requests.count == 1)
    }

    @Test func headersAtExactlyTheLimitsAreAccepted() {
        let line = "GET /" + String(repeating: "a", count: 8192 - 16) + " HTTP/1.1\r\n"
        #expect(line.utf8.count == 8192)
        #expect(parse(line + "Host: h\r\n\r\n").error == nil)
        let fields = (0..<99).map { "X-\($0): v\r\n" }.joined()
        #expect(parse("GET / HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n").error == nil)
    }
}
