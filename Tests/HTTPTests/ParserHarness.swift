@testable import HTTP

/// What a parser produced from some input, collected for assertions.
struct ParsedRequest {
    var head: HTTPRequestHead
    var body: [UInt8]
}

enum ParseOutcome {
    case requests([ParsedRequest])
    case failed(HTTPParseError, after: [ParsedRequest])

    var requests: [ParsedRequest] {
        switch self {
        case .requests(let requests), .failed(_, let requests): requests
        }
    }

    var error: HTTPParseError? {
        if case .failed(let error, _) = self { error } else { nil }
    }
}

/// Feeds `input` to a fresh parser in pieces of `chunkSize` bytes (all at once by default).
/// With `streamingLimit`, every body is streamed (`.bodyData`) under that limit and collected
/// from the pieces, as a route that writes bodies to disk receives them.
func parse(_ input: [UInt8], chunkSize: Int? = nil, limits: HTTPLimits = HTTPLimits(), streamingLimit: Int? = nil) -> ParseOutcome {
    var parser = HTTPRequestParser(limits: limits)
    var requests: [ParsedRequest] = []
    var head: HTTPRequestHead?
    var streamed: [UInt8] = []
    let size = max(1, chunkSize ?? input.count)
    var start = 0
    while start < input.count {
        let chunk = Array(input[start..<min(start + size, input.count)])
        start += size
        var offset = 0
        var done = false
        while !done {
            let (consumed, event) = chunk.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            let start = offset
            offset += consumed
            switch event {
            case .needMore: done = true
            case .head(let parsed):
                head = parsed
                if let streamingLimit, parser.awaitsBodyDecision,
                   let error = parser.beginBody(limit: streamingLimit, streaming: true) {
                    return .failed(error, after: requests)
                }
            case .bodyData(let range):
                streamed.append(contentsOf: chunk[(start + range.lowerBound)..<(start + range.upperBound)])
            case .body(let body):
                if let head { requests.append(ParsedRequest(head: head, body: streamingLimit == nil ? body : streamed)) }
                head = nil
                streamed = []
            case .failed(let error): return .failed(error, after: requests)
            }
        }
    }
    return .requests(requests)
}

func parse(_ text: String, chunkSize: Int? = nil, limits: HTTPLimits = HTTPLimits(), streamingLimit: Int? = nil) -> ParseOutcome {
    parse(Array(text.utf8), chunkSize: chunkSize, limits: limits, streamingLimit: streamingLimit)
}
