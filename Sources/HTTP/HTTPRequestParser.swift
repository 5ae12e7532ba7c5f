import Glibc

/// A resumable HTTP/1.1 request parser (RFC 9112). It takes bytes in chunks of any size, down to
/// one byte at a time, never rescans what it has seen, and checks every length against its
/// limit before buffering, so a hostile client can make it hold at most the limits' worth.
///
/// Feed it with `parse(_:)` until it answers `.needMore`: a request yields `.head` and then
/// `.body`; the first error is final.
///
/// Between a head that announces a body and the first byte of that body, the caller may choose
/// where the body goes (`beginBody(limit:streaming:)`): into memory under the general limit (what
/// happens when it does not choose), or streamed out as `.bodyData` ranges of the input under a
/// limit of its own, for a route that writes large bodies to disk. Either way the limit is checked
/// against `Content-Length` before any body byte is consumed.
public struct HTTPRequestParser: Sendable {
    public enum Event: Sendable {
        /// Every byte given was consumed; send more.
        case needMore
        /// A request head is complete; its body (possibly empty) comes next.
        case head(HTTPRequestHead)
        /// Bytes of a streamed body (`beginBody(limit:streaming: true)`), as a range of the input
        /// given to this call, chunked framing removed; valid only until the next call.
        case bodyData(Range<Int>)
        /// The body of the last head is complete (empty when it was streamed); the parser is
        /// ready for the next request.
        case body([UInt8])
        /// The request is malformed or over a limit; answer with the error's status and close.
        case failed(HTTPParseError)
    }

    enum State: Sendable {
        case requestLine
        case headerLines
        /// A head announcing a body was handed out; where the body goes is not decided yet.
        case bodyPending(MessageFraming.Body)
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
    /// The current body's limit, chosen by `beginBody`.
    var bodyLimit = 0
    /// The current body is handed out as `.bodyData` instead of being kept in `body`.
    var streamsBody = false
    /// Bytes of the current body so far, kept or streamed (chunked framing removed).
    var bodyByteCount = 0
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
        case .requestLine, .headerLines, .bodyPending, .failed: 0
        default: body.count
        }
    }

    /// True when the whole body has arrived and the next `parse` call, even with no input,
    /// reports it (`.body`).
    public var bodyIsComplete: Bool { isBodyCompleteState }

    /// True between a head that announces a body and the choice of where that body goes.
    public var awaitsBodyDecision: Bool {
        if case .bodyPending = state { true } else { false }
    }

    /// Decides where the announced body goes: kept in memory and handed out with `.body`, or,
    /// when `streaming`, handed out piece by piece as `.bodyData`. A body over `limit` fails
    /// here when its `Content-Length` says so (before any of it is read), and as soon as a
    /// chunk would pass the limit when it is chunked. Returns the error, after which the parser
    /// is failed; does nothing unless `awaitsBodyDecision`.
    public mutating func beginBody(limit: Int, streaming: Bool) -> HTTPParseError? {
        guard case .bodyPending(let framing) = state else { return nil }
        bodyLimit = limit
        streamsBody = streaming
        bodyByteCount = 0
        switch framing {
        case .none:
            state = .bodyComplete
        case .length(let length):
            guard length <= limit else {
                state = .failed
                return .bodyTooLarge
            }
            // Memory grows with the body's bytes as they arrive (`heldBodyBytes`).
            state = .fixedBody(remaining: length)
        case .chunked:
            trailerBytes = 0
            state = .chunkSize
        }
        return nil
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
            case .bodyPending:
                // The caller did not choose: the body is kept in memory under the general limit.
                if let error = beginBody(limit: limits.maxBodyBytes, streaming: false) { return (consumed, .failed(error)) }
                continue
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
            let stepStart = consumed
            consumed += step.consumed
            if let event = step.event {
                switch event {
                case .failed: state = .failed
                case .bodyData(let range): return (consumed, .bodyData((range.lowerBound + stepStart)..<(range.upperBound + stepStart)))
                default: break
                }
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
