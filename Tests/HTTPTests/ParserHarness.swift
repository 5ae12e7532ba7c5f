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
func parse(_ input: [UInt8], chunkSize: Int? = nil, limits: HTTPLimits = HTTPLimits()) -> ParseOutcome {
    var parser = HTTPRequestParser(limits: limits)
    var requests: [ParsedRequest] = []
    var head: HTTPRequestHead?
    let size = max(1, chunkSize ?? input.count)
    var start = 0
    while start < input.count {
        let chunk = Array(input[start..<min(start + size, input.count)])
        start += size
        var offset = 0
        var done = false
        while !done {
            let (consumed, event) = chunk.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            offset += consumed
            switch event {
            case .needMore: done = true
            case .head(let parsed): head = parsed
            case .body(let body):
                if let head { requests.append(ParsedRequest(head: head, body: body)) }
                head = nil
            case .failed(let error): return .failed(error, after: requests)
            }
        }
    }
    return .requests(requests)
}

func parse(_ text: String, chunkSize: Int? = nil, limits: HTTPLimits = HTTPLimits()) -> ParseOutcome {
    parse(Array(text.utf8), chunkSize: chunkSize, limits: limits)
}
