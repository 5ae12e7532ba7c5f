extension HTTPRequestParser {
    /// Takes bytes up to the end of the current request line or header line, checking the line
    /// against its limit before buffering it, and interprets the line once it is complete.
    mutating func parseHeadLine(_ input: UnsafeRawBufferPointer) -> (consumed: Int, event: Event?) {
        guard !input.isEmpty else { return (0, nil) }
        let lineFeed = lineFeedOffset(input)
        let take = lineFeed.map { $0 + 1 } ?? input.count
        if case .requestLine = state {
            if head.count + take > limits.maxRequestLineBytes { return (take, .failed(.requestLineTooLong)) }
        } else if head.count - requestLineEnd + take > limits.maxHeaderBytes {
            return (take, .failed(.headersTooLarge))
        }
        if head.isEmpty { head.reserveCapacity(512) }
        head.append(contentsOf: input[..<take])
        guard lineFeed != nil else { return (take, nil) }

        let lineEnd = head.count - 1
        guard lineEnd > lineStart, head[lineEnd - 1] == UInt8(ascii: "\r") else {
            return (take, .failed(.badRequest("Lines must end with CRLF.")))
        }
        let content = lineStart..<(lineEnd - 1)
        lineStart = head.count
        if case .requestLine = state {
            if content.isEmpty {
                // RFC 9112 §2.2: empty lines before the request line are ignored.
                head.removeAll(keepingCapacity: true)
                lineStart = 0
                return (take, nil)
            }
            switch checkRequestLine(content) {
            case .success(let parsed): requestLine = parsed
            case .failure(let error): return (take, .failed(error))
            }
            requestLineEnd = head.count
            state = .headerLines
            return (take, nil)
        }
        if content.isEmpty { return (take, finishHead()) }
        if fields.count == limits.maxHeaderFields { return (take, .failed(.tooManyHeaders)) }
        switch checkFieldLine(head, content) {
        case .success(let field): fields.append(field)
        case .failure(let error): return (take, .failed(error))
        }
        return (take, nil)
    }

    /// `method SP request-target SP HTTP-version`, with exactly one space between the parts.
    private func checkRequestLine(_ line: Range<Int>) -> Result<RequestLine, HTTPParseError> {
        guard let firstSpace = head[line].firstIndex(of: UInt8(ascii: " ")), firstSpace > line.lowerBound,
              head[line.lowerBound..<firstSpace].allSatisfy(ByteClass.isToken) else {
            return .failure(.badRequest("The request method is not a valid token."))
        }
        guard let lastSpace = head[line].lastIndex(of: UInt8(ascii: " ")), lastSpace > firstSpace + 1 else {
            return .failure(.badRequest("The request line must be: method, target and version, separated by single spaces."))
        }
        let version = head[(lastSpace + 1)..<line.upperBound]
        if !version.elementsEqual("HTTP/1.1".utf8) && !version.elementsEqual("HTTP/1.0".utf8) {
            let looksLikeVersion = version.count == 8 && version.starts(with: "HTTP/".utf8)
                && version.enumerated().allSatisfy { index, byte in
                    index < 5 || (index == 6 ? byte == UInt8(ascii: ".") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte))
                }
            return .failure(looksLikeVersion ? .versionNotSupported : .badRequest("The HTTP version is malformed."))
        }
        let target = (firstSpace + 1)..<lastSpace
        guard head[target].allSatisfy(ByteClass.isTarget) else {
            return .failure(.badRequest("The request target contains a space, control character or non-ASCII byte."))
        }
        let method = head.withUnsafeBytes { HTTPMethod(token: UnsafeRawBufferPointer(rebasing: $0[line.lowerBound..<firstSpace])) }
        return .success(RequestLine(method: method, target: target, version: version.last == UInt8(ascii: "1") ? .http11 : .http10))
    }

    /// `field-name ":" OWS field-value OWS`; obs-fold and whitespace before the colon are refused
    /// because proxies disagree about them, which is how requests get smuggled.
    private func checkFieldLine(_ bytes: [UInt8], _ line: Range<Int>) -> Result<HTTPHeaders.Field, HTTPParseError> {
        if ByteClass.isWhitespace(bytes[line.lowerBound]) {
            return .failure(.badRequest("Folded header lines (obs-fold) are not accepted."))
        }
        guard let colon = bytes[line].firstIndex(of: UInt8(ascii: ":")), colon > line.lowerBound else {
            return .failure(.badRequest("A header line has no field name."))
        }
        for byte in bytes[line.lowerBound..<colon] where !ByteClass.isToken(byte) {
            return .failure(.badRequest(ByteClass.isWhitespace(byte)
                ? "Whitespace between a header name and its colon is not accepted."
                : "A header name contains a character that is not allowed."))
        }
        var valueStart = colon + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd, ByteClass.isWhitespace(bytes[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart, ByteClass.isWhitespace(bytes[valueEnd - 1]) { valueEnd -= 1 }
        guard bytes[valueStart..<valueEnd].allSatisfy(ByteClass.isFieldValue) else {
            return .failure(.badRequest("A header value contains a control character."))
        }
        return .success(HTTPHeaders.Field(name: line.lowerBound..<colon, value: valueStart..<valueEnd))
    }

    /// The head is complete: decide the framing of the body and hand the head out.
    private mutating func finishHead() -> Event {
        guard let requestLine else { return .failed(.badRequest("The request line is missing.")) }
        let headers = HTTPHeaders(bytes: head, fields: fields)
        let framing: MessageFraming
        switch MessageFraming.decide(headers, version: requestLine.version) {
        case .success(let decided): framing = decided
        case .failure(let error): return .failed(error)
        }
        guard let target = RequestTarget(bytes: head, range: requestLine.target, method: requestLine.method) else {
            return .failed(.badRequest("The request target is not a path, '*' or an absolute URL."))
        }
        let requestHead = HTTPRequestHead(
            method: requestLine.method, version: requestLine.version, headers: headers,
            targetRange: requestLine.target, pathRange: target.path, queryRange: target.query,
            keepAlive: framing.keepAlive, expectsContinue: framing.expectsContinue && framing.hasBody)
        head = []
        fields = []
        self.requestLine = nil
        lineStart = 0
        requestLineEnd = 0
        // The body's destination and limit are chosen after the head is out (`beginBody`).
        state = framing.hasBody ? .bodyPending(framing.body) : .bodyComplete
        return .head(requestHead)
    }
}
