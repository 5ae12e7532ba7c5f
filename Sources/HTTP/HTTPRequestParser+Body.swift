extension HTTPRequestParser {
    /// Chunk-size lines and trailer lines are short; a longer one is an attack, not a request.
    static let maxChunkLineBytes = 4096

    mutating func readFixedBody(_ input: UnsafeRawBufferPointer, remaining: Int) -> (consumed: Int, event: Event?) {
        // The buffer grows with what arrives, never to the announced length at once: the length
        // is a promise, and 300 unkept promises of 1 MiB were 286 MiB of memory.
        let take = min(remaining, input.count)
        state = take == remaining ? .bodyComplete : .fixedBody(remaining: remaining - take)
        return (take, keep(input, take))
    }

    /// `chunk-size [ chunk-ext ] CRLF` (RFC 9112 §7.1). Extensions are allowed and ignored.
    mutating func parseChunkSizeLine(_ input: UnsafeRawBufferPointer) -> (consumed: Int, event: Event?) {
        guard let (take, complete) = takeLine(input) else {
            return (input.count, .failed(.badRequest("A chunk-size line is too long.")))
        }
        guard complete else { return (take, nil) }
        guard let size = chunkSize() else {
            return (take, .failed(.badRequest("A chunk size is not a valid hexadecimal number.")))
        }
        line.removeAll(keepingCapacity: true)
        guard size <= UInt64(bodyLimit - bodyByteCount) else { return (take, .failed(.bodyTooLarge)) }
        if size == 0 {
            state = .trailers
        } else {
            state = .chunkData(remaining: Int(size))
        }
        return (take, nil)
    }

    mutating func readChunkData(_ input: UnsafeRawBufferPointer, remaining: Int) -> (consumed: Int, event: Event?) {
        let take = min(remaining, input.count)
        state = take == remaining ? .chunkDataEnd(sawCR: false) : .chunkData(remaining: remaining - take)
        return (take, keep(input, take))
    }

    /// Takes the first `count` bytes of `input` as body: buffered, or handed out when streaming.
    private mutating func keep(_ input: UnsafeRawBufferPointer, _ count: Int) -> Event? {
        bodyByteCount += count
        if streamsBody { return count > 0 ? .bodyData(0..<count) : nil }
        body.append(contentsOf: input[..<count])
        return nil
    }

    /// Chunk data must be followed by exactly CRLF; anything else means the size lied.
    mutating func parseChunkDataEnd(_ input: UnsafeRawBufferPointer, sawCR: Bool) -> (consumed: Int, event: Event?) {
        guard let byte = input.first else { return (0, nil) }
        if !sawCR {
            guard byte == UInt8(ascii: "\r") else { return (1, .failed(.badRequest("Chunk data is longer than its size."))) }
            state = .chunkDataEnd(sawCR: true)
        } else {
            guard byte == UInt8(ascii: "\n") else { return (1, .failed(.badRequest("Chunk data must end with CRLF."))) }
            state = .chunkSize
        }
        return (1, nil)
    }

    /// Trailer fields after the last chunk: checked like header lines, counted against the header
    /// limit, and dropped (nothing here needs them).
    mutating func parseTrailerLine(_ input: UnsafeRawBufferPointer) -> (consumed: Int, event: Event?) {
        guard let (take, complete) = takeLine(input) else {
            return (input.count, .failed(.headersTooLarge))
        }
        trailerBytes += take
        if trailerBytes > limits.maxHeaderBytes { return (take, .failed(.headersTooLarge)) }
        guard complete else { return (take, nil) }
        defer { line.removeAll(keepingCapacity: true) }
        guard line.count >= 2, line[line.count - 2] == UInt8(ascii: "\r") else {
            return (take, .failed(.badRequest("Lines must end with CRLF.")))
        }
        if line.count == 2 {
            state = .bodyComplete
            return (take, nil)
        }
        let content = line[..<(line.count - 2)]
        guard let colon = content.firstIndex(of: UInt8(ascii: ":")), colon > 0,
              content[..<colon].allSatisfy(ByteClass.isToken),
              content[(colon + 1)...].allSatisfy(ByteClass.isFieldValue) else {
            return (take, .failed(.badRequest("A trailer line is malformed.")))
        }
        return (take, nil)
    }

    /// Appends input up to and including a line feed to `line`. Nil when the line would exceed
    /// `maxChunkLineBytes`; otherwise how much was taken and whether the line is complete.
    private mutating func takeLine(_ input: UnsafeRawBufferPointer) -> (Int, Bool)? {
        guard !input.isEmpty else { return (0, false) }
        let lineFeed = lineFeedOffset(input)
        let take = lineFeed.map { $0 + 1 } ?? input.count
        guard line.count + take <= Self.maxChunkLineBytes else { return nil }
        line.append(contentsOf: input[..<take])
        return (take, lineFeed != nil)
    }

    /// The size at the start of the completed chunk-size line, or nil when the line is malformed.
    private func chunkSize() -> UInt64? {
        guard line.count >= 2, line[line.count - 2] == UInt8(ascii: "\r") else { return nil }
        let content = line[..<(line.count - 2)]
        var size: UInt64 = 0
        var digits = 0
        var index = content.startIndex
        while index < content.endIndex, let value = ByteClass.hexValue(content[index]) {
            digits += 1
            // 15 hex digits already exceed any body limit; more would overflow.
            guard digits <= 15 else { return nil }
            size = size << 4 | value
            index += 1
        }
        guard digits > 0 else { return nil }
        var rest = content[index...]
        while let first = rest.first, ByteClass.isWhitespace(first) { rest.removeFirst() }
        guard rest.isEmpty || rest.first == UInt8(ascii: ";") else { return nil }
        return rest.allSatisfy(ByteClass.isFieldValue) ? size : nil
    }
}
