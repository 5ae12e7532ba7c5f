@testable import LoadGenerator
import Testing

@Suite("Request bytes")
struct RequestBytesTests {
    @Test(arguments: [0, 7, 10, 99, 100, 12_345, Int.max, -1, -450, Int.min])
    func decimalsMatchSwiftsSpelling(value: Int) {
        var bytes = Array("n=".utf8)
        bytes.appendDecimal(value)
        #expect(String(decoding: bytes, as: UTF8.self) == "n=\(value)")
    }

    @Test func aRequestWithoutBodyEndsAfterItsHeaders() {
        let template = RequestTemplate(method: "GET", authority: "h:1", headers: [("X-A", "b")])
        #expect(String(decoding: template.request(target: "/p?q=1"), as: UTF8.self) == "GET /p?q=1 HTTP/1.1\r\nHost: h:1\r\nX-A: b\r\n\r\n")
    }
}
