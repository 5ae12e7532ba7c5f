import Testing
@testable import HTTP

/// Every refusal of the parser, each checked whole and one byte at a time.
@Suite("Request parser: refusals")
struct RequestParserRejectionTests {
    static let cases: [(name: String, request: String, status: Int)] = [
        ("request line over 8 KiB", "GET /" + String(repeating: "a", count: 8200) + " HTTP/1.1\r\nHost: h\r\n\r\n", 414),
        ("header section over 16 KiB", "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + String(repeating: "b", count: 16400) + "\r\n\r\n", 431),
        ("more than 100 fields", "GET / HTTP/1.1\r\nHost: h\r\n" + (0..<100).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431),
        ("Content-Length over 1 MiB", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1048577\r\n\r\n", 413),
        ("chunked body over 1 MiB", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n", 413),
        ("huge chunk size", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFF\r\n", 413),
        ("chunk size overflowing 64 bits", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1FFFFFFFFFFFFFFFF\r\n", 400),
        ("Content-Length with Transfer-Encoding", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("differing Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400),
        ("differing Content-Length in one field", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 4\r\n\r\n", 400),
        ("negative Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400),
        ("Content-Length with a sign", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\n", 400),
        ("Content-Length overflowing", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400),
        ("non-hex chunk size", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("empty chunk size", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", 400),
        ("chunk size with garbage", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n0\r\n\r\n", 400),
        ("chunk longer than its size", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n", 400),
        ("chunk size line with bare LF", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n", 400),
        ("chunk-size line too long", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;" + String(repeating: "e", count: 5000) + "\r\n", 400),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n", 400),
        ("whitespace before colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400),
        ("tab before colon", "GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", 400),
        ("empty field name", "GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n", 400),
        ("no colon", "GET / HTTP/1.1\r\nHost: h\r\nBroken\r\n\r\n", 400),
        ("non-token in name", "GET / HTTP/1.1\r\nHost: h\r\nX(y): v\r\n\r\n", 400),
        ("control character in value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{01}b\r\n\r\n", 400),
        ("NUL in value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{00}b\r\n\r\n", 400),
        ("bare CR in value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n", 400),
        ("non-token method", "G@T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("method with a control character", "GE\u{7F}T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("lowercase version", "GET / http/1.1\r\nHost: h\r\n\r\n", 400),
        ("double space", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("missing target", "GET HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("space in target", "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("non-ASCII in target", "GET /caf\u{E9} HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("HTTP/2.0", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
        ("HTTP/1.2", "GET / HTTP/1.2\r\nHost: h\r\n\r\n", 505),
        ("bare LF line ending", "GET / HTTP/1.1\nHost: h\n\n", 400),
        ("bare LF in headers", "GET / HTTP/1.1\r\nHost: h\n\r\n", 400),
        ("missing Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400),
        ("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("chunked twice", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400),
        ("chunked not last", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
        ("unknown transfer coding", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("trailer section over 16 KiB", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
            + (0..<10).map { _ in "X-T: " + String(repeating: "t", count: 2000) + "\r\n" }.joined() + "\r\n", 431),
        ("malformed trailer", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnot a trailer\r\n\r\n", 400),
    ]

    @Test(arguments: cases)
    func refusedWhole(_ item: (name: String, request: String, status: Int)) {
        #expect(parse(item.request).error?.status.code == item.status, "\(item.name)")
    }

    @Test(arguments: cases)
    func refusedOneByteAtATime(_ item: (name: String, request: String, status: Int)) {
        #expect(parse(item.request, chunkSize: 1).error?.status.code == item.status, "\(item.name)")
    }

    @Test func sizeIsCheckedBeforeBuffering() {
        // An endless request line fails as soon as it passes the limit, without waiting for its end.
        var parser = HTTPRequestParser(limits: HTTPLimits())
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 4096)
        var failed: HTTPParseError?
        for _ in 0..<3 where failed == nil {
            let (_, event) = chunk.withUnsafeBytes { parser.parse($0) }
            if case .failed(let error) = event { failed = error }
        }
        #expect(failed?.status == .uriTooLong)
        #expect(parser.head.count <= 8192)
    }

    @Test func aFailedParserStaysFailed() {
        var parser = HTTPRequestParser(limits: HTTPLimits())
        let bad = Array("G@T / HTTP/1.1\r\n".utf8)
        _ = bad.withUnsafeBytes { parser.parse($0) }
        let good = Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        let (_, event) = good.withUnsafeBytes { parser.parse($0) }
        guard case .failed = event else {
            Issue.record("a parser that failed must not accept more requests")
            return
        }
    }
}
