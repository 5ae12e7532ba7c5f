/// How a request's body is delimited and whether the connection continues, decided from its
/// header fields by the rules of RFC 9112 §6 — strictly, because a lenient reading that differs
/// from a proxy's is how requests get smuggled.
struct MessageFraming {
    enum Body {
        case none
        case length(Int)
        case chunked
    }

    var body: Body
    var keepAlive: Bool
    var expectsContinue: Bool

    var hasBody: Bool {
        if case .none = body { false } else { true }
    }

    static func decide(_ headers: HTTPHeaders, version: HTTPVersion) -> Result<MessageFraming, HTTPParseError> {
        var hosts = 0
        var contentLength: UInt64?
        var transferCodings: [ArraySlice<UInt8>] = []
        for field in headers.fields {
            let value = headers.bytes[field.value]
            if headers.matches(field, "host") {
                hosts += 1
            } else if headers.matches(field, "content-length") {
                for element in HTTPHeaders.listElements(value) {
                    guard let length = decimal(element) else {
                        return .failure(.badRequest("Content-Length must be a non-negative decimal number."))
                    }
                    if let earlier = contentLength, earlier != length {
                        return .failure(.badRequest("Differing Content-Length values are not accepted."))
                    }
                    contentLength = length
                }
            } else if headers.matches(field, "transfer-encoding") {
                transferCodings.append(contentsOf: HTTPHeaders.listElements(value))
            }
        }
        if version == .http11 ? hosts != 1 : hosts > 1 {
            return .failure(.badRequest("An HTTP/1.1 request must carry exactly one Host header."))
        }
        let keepAlive = version == .http11
            ? !headers.contains("connection", token: "close")
            : headers.contains("connection", token: "keep-alive")
        let expectsContinue = headers.contains("expect", token: "100-continue")

        if !transferCodings.isEmpty {
            if contentLength != nil {
                return .failure(.badRequest("Content-Length together with Transfer-Encoding is not accepted."))
            }
            if version == .http10 {
                return .failure(.badRequest("Transfer-Encoding is not allowed in HTTP/1.0 requests."))
            }
            let chunkedCount = transferCodings.count { equalsIgnoringCase($0, "chunked") }
            if chunkedCount == 0 {
                return .failure(.notImplemented("Only the chunked transfer coding is supported."))
            }
            guard chunkedCount == 1, transferCodings.count == 1 else {
                return .failure(.badRequest("Transfer-Encoding must be exactly 'chunked'."))
            }
            return .success(MessageFraming(body: .chunked, keepAlive: keepAlive, expectsContinue: expectsContinue))
        }
        if let contentLength {
            // Checked against the limit once the body's destination is chosen
            // (`HTTPRequestParser.beginBody`); 18 digits fit in an Int.
            let body: Body = contentLength == 0 ? .none : .length(Int(contentLength))
            return .success(MessageFraming(body: body, keepAlive: keepAlive, expectsContinue: expectsContinue))
        }
        return .success(MessageFraming(body: .none, keepAlive: keepAlive, expectsContinue: expectsContinue))
    }

    /// `1*DIGIT` without overflow: at most 18 digits, far above any body limit.
    private static func decimal(_ digits: ArraySlice<UInt8>) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + UInt64(digit - UInt8(ascii: "0"))
        }
        return value
    }
}
