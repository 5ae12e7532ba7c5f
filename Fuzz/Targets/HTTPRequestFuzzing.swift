import HTTP

/// Feeds a request stream (see `ChunkedStream` for the layout) to `HTTPRequestParser` twice, whole
/// and cut at the fuzzer's points, and requires the same requests, bodies and error both times: a
/// parser that answered differently depending on how TCP happened to segment the bytes would be a
/// request-smuggling bug. Each parsed request is also checked against the limits and read through
/// every accessor a handler uses.
enum HTTPRequestFuzzing {
    /// Small enough that a fuzzer reaches every limit within a few kilobytes of input.
    static let smallLimits: HTTPLimits = {
        var limits = HTTPLimits()
        limits.maxRequestLineBytes = 256
        limits.maxHeaderBytes = 512
        limits.maxHeaderFields = 8
        limits.maxBodyBytes = 1024
        return limits
    }()

    static func check(_ input: [UInt8]) throws(PropertyViolation) -> InputVerdict {
        let stream = ChunkedStream(input)
        let limits = stream.usesProductionLimits ? HTTPLimits() : smallLimits
        let whole = try parse([stream.stream], limits: limits)
        let chunked = try parse(stream.chunks, limits: limits)
        guard whole == chunked else {
            throw PropertyViolation("chunking changed the outcome:\nwhole:   \(whole)\nchunked: \(chunked)")
        }
        return whole.failure == nil ? .accepted : .refused
    }

    /// Everything observable about a parse, for comparing two of them.
    struct Outcome: Equatable {
        var requests: [Request] = []
        var failure: HTTPParseError?
        /// A head whose body had not arrived when the input ended.
        var headWithoutBody: Request?
        var endsMidRequest = false
    }

    struct Request: Equatable {
        var method: HTTPMethod
        var version: HTTPVersion
        var target: String
        var path: String
        var query: String?
        var headers: [String]
        var keepAlive: Bool
        var expectsContinue: Bool
        var body: [UInt8]
    }

    private static func parse(_ chunks: [ArraySlice<UInt8>], limits: HTTPLimits) throws(PropertyViolation) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = Outcome()
        var head: HTTPRequestHead?
        for chunk in chunks {
            var offset = chunk.startIndex
            var eventsWithoutProgress = 0
            feeding: while true {
                let (consumed, event) = chunk.withUnsafeBytes { bytes in
                    parser.parse(UnsafeRawBufferPointer(rebasing: bytes[(offset - chunk.startIndex)...]))
                }
                guard consumed >= 0, consumed <= chunk.endIndex - offset else {
                    throw PropertyViolation("the parser consumed \(consumed) of \(chunk.endIndex - offset) bytes")
                }
                offset += consumed
                eventsWithoutProgress = consumed == 0 ? eventsWithoutProgress + 1 : 0
                if eventsWithoutProgress > 2 { throw PropertyViolation("the parser keeps answering without consuming input") }
                switch event {
                case .needMore:
                    guard offset == chunk.endIndex else { throw PropertyViolation("needMore with unconsumed input") }
                    break feeding
                case .head(let parsed):
                    guard head == nil else { throw PropertyViolation("a second head arrived before the first one's body") }
                    try checkLimits(parsed, limits)
                    head = parsed
                case .bodyData:
                    throw PropertyViolation("a body was streamed that nobody chose to stream")
                case .body(let body):
                    guard let completed = head else { throw PropertyViolation("a body arrived without a head") }
                    guard body.count <= limits.maxBodyBytes else { throw PropertyViolation("a body of \(body.count) bytes passed the limit") }
                    outcome.requests.append(request(completed, body: body))
                    head = nil
                case .failed(let error):
                    outcome.failure = error
                    // The first error is final, whatever follows.
                    let (_, again) = [UInt8]("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8).withUnsafeBytes { parser.parse($0) }
                    guard case .failed = again else { throw PropertyViolation("the parser recovered after \(error)") }
                    return outcome
                }
            }
        }
        outcome.headWithoutBody = head.map { request($0, body: []) }
        outcome.endsMidRequest = parser.isMidRequest
        return outcome
    }

    private static func checkLimits(_ head: HTTPRequestHead, _ limits: HTTPLimits) throws(PropertyViolation) {
        guard head.headers.count <= limits.maxHeaderFields else {
            throw PropertyViolation("\(head.headers.count) header fields passed the limit of \(limits.maxHeaderFields)")
        }
        // Routers match on the path, so it is always `*` (OPTIONS) or absolute.
        guard head.path == "*" || head.path.hasPrefix("/") else { throw PropertyViolation("path \(head.path) is not absolute") }
    }

    /// Reads the head through the accessors handlers use, query decoding included.
    private static func request(_ head: HTTPRequestHead, body: [UInt8]) -> Request {
        _ = URLQuery.parse(head.query)
        _ = head.headers["host"]
        return Request(
            method: head.method, version: head.version, target: head.target, path: head.path, query: head.query,
            headers: head.headers.map { $0.name + ": " + $0.value }, keepAlive: head.keepAlive,
            expectsContinue: head.expectsContinue, body: body)
    }
}
