import WebSocket

/// Feeds client frames (see `ChunkedStream` for the layout) to a server-role
/// `WebSocketFrameDecoder`, whole and cut at the fuzzer's points, and requires the same events
/// both times. Every text message must be valid UTF-8 by the standard library's own validator,
/// and every event must come back unchanged when the encoder frames it again (masked, as a client
/// would) and a fresh decoder reads it.
enum WebSocketFrameFuzzing {
    /// Small enough that a fuzzer builds over-long messages from a few kilobytes of input.
    static let smallMessageSize = 1024
    /// A masking key with every byte different, so a byte-order mistake in unmasking shows.
    static let maskingKey: UInt32 = 0x1B2C_3D4E

    static func check(_ input: [UInt8]) throws(PropertyViolation) -> InputVerdict {
        let stream = ChunkedStream(input)
        let maximumSize = stream.usesProductionLimits ? 64 * 1024 : smallMessageSize
        let whole = try decode([stream.stream], maximumMessageSize: maximumSize)
        let chunked = try decode(stream.chunks, maximumMessageSize: maximumSize)
        guard whole == chunked else {
            throw PropertyViolation("chunking changed the events:\nwhole:   \(whole)\nchunked: \(chunked)")
        }
        for event in whole { try checkRoundTrip(event, maximumMessageSize: maximumSize) }
        if case .failed? = whole.last { return .refused }
        return .accepted
    }

    /// The events up to `.needMore` after each chunk, ending at the first failure.
    private static func decode(_ chunks: [ArraySlice<UInt8>], maximumMessageSize: Int) throws(PropertyViolation) -> [WebSocketFrameDecoder.Event] {
        var decoder = WebSocketFrameDecoder(role: .server, maximumMessageSize: maximumMessageSize)
        var events: [WebSocketFrameDecoder.Event] = []
        for chunk in chunks {
            decoder.append(chunk)
            // Each event ends a frame (or the decoder) at a byte of this chunk, so this bounds the loop.
            for _ in 0...chunk.count {
                let event = decoder.nextEvent()
                if event == .needMore { break }
                try checkEvent(event, maximumMessageSize: maximumMessageSize)
                events.append(event)
                if case .failed = event {
                    guard decoder.nextEvent() == event else { throw PropertyViolation("the decoder recovered after \(event)") }
                    return events
                }
            }
            guard decoder.nextEvent() == .needMore else { throw PropertyViolation("the decoder still had events after a bounded drain") }
        }
        return events
    }

    private static func checkEvent(_ event: WebSocketFrameDecoder.Event, maximumMessageSize: Int) throws(PropertyViolation) {
        switch event {
        case .message(let opcode, let payload):
            guard payload.count <= maximumMessageSize else {
                throw PropertyViolation("a message of \(payload.count) bytes passed the limit of \(maximumMessageSize)")
            }
            if opcode == .text, String(validating: payload, as: UTF8.self) == nil {
                throw PropertyViolation("a text message is not UTF-8: \(payload)")
            }
        case .ping(let payload), .pong(let payload):
            guard payload.count <= 125 else { throw PropertyViolation("a control payload of \(payload.count) bytes") }
        case .close(let code, _):
            if let code, !WebSocketCloseCode.isValidOnWire(code) { throw PropertyViolation("close code \(code) is not valid on the wire") }
        case .needMore, .failed:
            break
        }
    }

    /// Frames `event` as a client would and decodes it with a fresh decoder.
    private static func checkRoundTrip(_ event: WebSocketFrameDecoder.Event, maximumMessageSize: Int) throws(PropertyViolation) {
        let frame: [UInt8]
        do {
            switch event {
            case .message(.text, let payload): frame = WebSocketFrameEncoder.text(utf8: payload, maskingKey: maskingKey)
            case .message(.binary, let payload): frame = WebSocketFrameEncoder.binary(payload, maskingKey: maskingKey)
            case .ping(let payload): frame = try WebSocketFrameEncoder.ping(payload, maskingKey: maskingKey)
            case .pong(let payload): frame = try WebSocketFrameEncoder.pong(payload, maskingKey: maskingKey)
            case .close(let code, let reason): frame = try WebSocketFrameEncoder.close(code: code, reason: reason, maskingKey: maskingKey)
            case .needMore, .failed: return
            }
        } catch {
            throw PropertyViolation("the encoder refused decoded event \(event): \(error)")
        }
        var decoder = WebSocketFrameDecoder(role: .server, maximumMessageSize: maximumMessageSize)
        decoder.append(frame)
        let decoded = decoder.nextEvent()
        guard decoded == event else { throw PropertyViolation("\(event) came back from the encoder as \(decoded)") }
    }
}
