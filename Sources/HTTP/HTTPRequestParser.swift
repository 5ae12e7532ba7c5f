import Glibc

/// A resumable HTTP/1.1 request parser (RFC 9112). It takes bytes in chunks of any size, down to
/// one byte at a time, never rescans what it has seen, and checks every length against its
/// limit before buffering, so a hostile client can make it hold at most the limits' worth.
///
/// Feed it with `parse(_:)` until it answers `.needMore`: a request yields `.head` and then
/// `.body`; the first error is final.
public struct HTTPRequestParser: Sendable {
    public enum Event: Sendable {
        /// Every byte given was consumed; send more.
        case needMore
        /// A request head is complete; its body (possibly empty) comes next.
        case head(HTTPRequestHead)
        /// The body of the last head is complete; the parser is ready for the next request.
        case body([UInt8])
        /// The request is malformed or over a limit; answer with the error's status and close.
        case failed(HTTPParseError)
    }

    enum State: Sendable {
        case requestLine
        case headerLines
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd(sawCR: Bool)
        case trailers
        case bodyComplete
        case failed
    }

    public let limits: HTTPLimits
    var state = State.requestLine
    /// The bytes of the head being received: request line and header lines with their CRLFs.
    var head: [UInt8] = []
    /// Where the line being received starts in `head`.
    var lineStart = 0
    var requestLineEnd = 0
    var requestLine: RequestLine?
    var fields: [HTTPHeaders.Field] = []
    var body: [UInt8] = []
    /// The chunk-size line or trailer line being received.
    var line: [UInt8] = []
    var trailerBytes = 0

    public init(limits: HTTPLimits) {
        self.limits = limits
    }

    /// True when some bytes of a request have arrived but not the whole request.
    public var isMidRequest: Bool {
        switch state {
        case .requestLine: !head.isEmpty
        case .bodyComplete, .failed: false
        default: true
        }
    }

    /// Body bytes this request holds now: what arrived, not what was announced. A client that
    /// announces 1 MiB and sends one byte costs one byte, so a budget charged with this number
    /// bounds memory without refusing others because of promises. 0 between requests.
    public var heldBodyBytes: Int {
        switch state {
        case .requestLine, .headerLines, .failed: 0
        default: body.count
        }
    }

    /// True while the head is still incomplete (the header deadline applies).
    public var isReadingHead: Bool {
        switch state {
        case .requestLine: !head.isEmpty
        case .headerLines: true
        default: false
        }
    }

    /// Consumes a prefix of `input` and reports the next event.
    public mutating func parse(_ input: UnsafeRawBufferPointer) -> (consumed: Int, event: Event) {
        var consumed = 0
        while true {
            let rest = UnsafeRawBufferPointer(rebasing: input[consumed...])
            let step: (consumed: Int, event: Event?)
            switch state {
            case .requestLine, .headerLines:
                step = parseHeadLine(rest)
            case .fixedBody(let remaining):
                step = readFixedBody(rest, remaining: remaining)
            case .chunkSize:
                step = parseChunkSizeLine(rest)
            case .chunkData(let remaining):
                step = readChunkData(rest, remaining: remaining)
            case .chunkDataEnd(let sawCR):
                step = parseChunkDataEnd(rest, sawCR: sawCR)
            case .trailers:
                step = parseTrailerLine(rest)
            case .bodyComplete:
                state = .requestLine
                let completed = body
                body = []
                return (consumed, .body(completed))
            case .failed:
                return (consumed, .failed(.badRequest("The connection already failed.")))
            }
            consumed += step.consumed
            if let event = step.event {
                if case .failed = event { state = .failed }
                return (consumed, event)
            }
            if consumed == input.count, !isBodyCompleteState { return (consumed, .needMore) }
        }
    }

    private var isBodyCompleteState: Bool {
        if case .bodyComplete = state { true } else { false }
    }

    struct RequestLine: Sendable {
        var method: HTTPMethod
        var target: Range<Int>
        var version: HTTPVersion
    }

    /// Finds the end of the line that starts at `input`, or nil when it is not in `input`.
    func lineFeedOffset(_ input: UnsafeRawBufferPointer) -> Int? {
        guard let base = input.baseAddress, input.count > 0,
              let found = memchr(base, 0x0A, input.count) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }
}
