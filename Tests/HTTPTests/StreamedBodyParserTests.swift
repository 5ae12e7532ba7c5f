import Testing
@testable import HTTP

/// A body the caller chose to stream (`beginBody(limit:streaming: true)`) comes out as ranges of
/// the input, framing removed, never buffered by the parser, under the caller's limit instead of
/// the general one, checked before any body byte is read.
@Suite("Request parser: streamed bodies")
struct StreamedBodyParserTests {
    static let mebibyte = 1024 * 1024

    @Test func everySplitPointStreamsTheSameBytes() {
        let text = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
            + "POST /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n"
            + "GET /c HTTP/1.1\r\nHost: h\r\n\r\n"
        for size in 1...text.utf8.count {
            let requests = parse(text, chunkSize: size, streamingLimit: 100).requests
            #expect(requests.map(\.head.path) == ["/a", "/b", "/c"], "chunk size \(size)")
            #expect(requests.map { String(decoding: $0.body, as: UTF8.self) } == ["hello", "abcde", ""], "chunk size \(size)")
        }
    }

    @Test func aStreamedBodyMayPassTheGeneralLimitAndIsNotBuffered() throws {
        let body = [UInt8](repeating: 0x5A, count: 3 * Self.mebibyte)
        let input = Array("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        var parser = HTTPRequestParser(limits: HTTPLimits())
        var offset = 0
        var streamed = 0
        var heldAtMost = 0
        var completed = false
        while offset < input.count || !completed {
            let (consumed, event) = input.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[offset..<min(offset + 65536, input.count)])) }
            offset += consumed
            heldAtMost = max(heldAtMost, parser.heldBodyBytes)
            switch event {
            case .head:
                #expect(parser.beginBody(limit: 4 * Self.mebibyte, streaming: true) == nil)
            case .bodyData(let range): streamed += range.count
            case .body(let rest):
                #expect(rest.isEmpty)
                completed = true
            case .needMore: break
            case .failed(let error): Issue.record("failed: \(error)"); return
            }
        }
        #expect(streamed == body.count)
        #expect(heldAtMost == 0)
    }

    @Test func aContentLengthOverTheChosenLimitFailsBeforeTheBody() {
        let outcome = parse("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n", streamingLimit: 100)
        #expect(outcome.error?.status == .contentTooLarge)
        #expect(parse("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n" + String(repeating: "a", count: 100),
                      streamingLimit: 100).requests.first?.body.count == 100)
    }

    @Test func aChunkedBodyIsCutOffAtTheChosenLimit() {
        let chunk = "32\r\n" + String(repeating: "b", count: 50) + "\r\n"
        let atLimit = "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "0\r\n\r\n"
        #expect(parse(atLimit, streamingLimit: 100).requests.first?.body.count == 100)
        let over = "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "1\r\n"
        for size in [1, 7, over.utf8.count] {
            let outcome = parse(over, chunkSize: size, streamingLimit: 100)
            #expect(outcome.error?.status == .contentTooLarge, "chunk size \(size)")
        }
    }

    @Test func undecidedBodiesKeepTheGeneralLimit() {
        // The parser alone (no caller choosing) behaves as before: in memory, 1 MiB.
        #expect(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \(Self.mebibyte + 1)\r\n\r\n").error?.status == .contentTooLarge)
        #expect(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc").requests.first?.body == Array("abc".utf8))
    }
}
