/// Turns the bytes a client sends into complete WebSocket messages and control frames
/// (RFC 6455 §5), enforcing every rule a server must, so the connection layer only reacts to
/// events. It is a value with no I/O: append whatever the socket delivered, then call
/// `nextEvent()` until it answers `.needMore`.
///
/// Every byte is looked at once: headers are parsed incrementally, payload bytes are unmasked
/// and UTF-8 checked as they arrive, and sizes are checked from the header before any payload
/// byte is kept. After `.needMore` no input is retained, so memory is bounded by one message
/// plus the caller's last chunk.
public struct WebSocketFrameDecoder: Sendable {
    public enum Event: Equatable, Sendable {
        /// A complete, unmasked, reassembled message; text payloads are valid UTF-8.
        case message(opcode: WebSocketMessageOpcode, payload: [UInt8])
        case ping([UInt8])
        case pong([UInt8])
        /// The client's close frame; `code` is nil when it carried no payload. The decoder
        /// ignores all later input, since nothing may follow a close (RFC 6455 §5.5.1).
        case close(code: UInt16?, reason: String)
        /// All appended bytes are consumed; append more before asking again.
        case needMore
        /// The client broke the protocol. Send a close frame with `closeCode` and drop the
        /// connection; every later call answers the same failure.
        case failed(closeCode: UInt16, reason: String)
    }

    /// Largest accepted message (sum of its fragments' payloads), in bytes.
    public let maximumMessageSize: Int

    private var input: [UInt8] = []
    private var inputIndex = 0
    private var headerParser: FrameHeaderParser
    /// The frame whose payload is being read, with what is left of it.
    private var currentFrame: FrameHeader?
    private var remainingPayload: UInt64 = 0
    private var maskIndex = 0
    /// The data message being reassembled; `nil` between messages.
    private var messageOpcode: WebSocketMessageOpcode?
    private var message: [UInt8] = []
    private var textValidator = UTF8Validator()
    private var controlPayload: [UInt8] = []
    private var terminalEvent: Event?

    /// A server decodes what clients send (the default); a client, what a server sends.
    public init(role: WebSocketRole = .server, maximumMessageSize: Int = 64 * 1024) {
        self.maximumMessageSize = max(0, maximumMessageSize)
        headerParser = FrameHeaderParser(role: role)
    }

    /// Adds bytes received from the client; ignored once the decoder has failed or seen a close.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        guard terminalEvent == nil else { return }
        input.append(contentsOf: bytes)
    }

    public mutating func nextEvent() -> Event {
        if let terminalEvent {
            if case .close = terminalEvent { return .needMore }
            return terminalEvent
        }
        while true {
            if let frame = currentFrame {
                if remainingPayload > 0 {
                    guard inputIndex < input.count else { return releaseInput() }
                    if let failure = consumePayload(of: frame) { return failure }
                    continue
                }
                currentFrame = nil
                if let event = finish(frame) { return event }
                continue
            }
            guard inputIndex < input.count else { return releaseInput() }
            let byte = input[inputIndex]
            inputIndex += 1
            switch headerParser.consume(byte) {
            case .incomplete:
                continue
            case .protocolViolation(let reason):
                return fail(WebSocketCloseCode.protocolError, reason)
            case .complete(let header):
                if let failure = begin(header) { return failure }
            }
        }
    }

    private mutating func releaseInput() -> Event {
        input.removeAll(keepingCapacity: true)
        inputIndex = 0
        return .needMore
    }

    private mutating func fail(_ code: UInt16, _ reason: String) -> Event {
        let event = Event.failed(closeCode: code, reason: reason)
        terminalEvent = event
        input = []
        message = []
        return event
    }

    /// Applies the rules that depend on the message in progress, before any payload is kept.
    private mutating func begin(_ header: FrameHeader) -> Event? {
        switch header.opcode {
        case .continuation:
            guard messageOpcode != nil else {
                return fail(WebSocketCloseCode.protocolError, "continuation frame without a message in progress")
            }
        case .text, .binary:
            guard messageOpcode == nil else {
                return fail(WebSocketCloseCode.protocolError, "new data frame while a fragmented message is in progress")
            }
            messageOpcode = header.opcode == .text ? .text : .binary
        case .close, .ping, .pong:
            controlPayload.removeAll(keepingCapacity: true)
        }
        if !header.opcode.isControl {
            let room = UInt64(maximumMessageSize - message.count)
            guard header.payloadLength <= room else {
                return fail(WebSocketCloseCode.messageTooBig, "message exceeds \(maximumMessageSize) bytes")
            }
            // Only the first fragment reserves: reserving per fragment would regrow the buffer
            // exactly each time, turning a stream of tiny fragments into quadratic copying.
            if message.isEmpty { message.reserveCapacity(Int(header.payloadLength)) }
        }
        currentFrame = header
        remainingPayload = header.payloadLength
        maskIndex = 0
        return nil
    }

    /// Unmasks as much of the current payload as the input holds, validating text on the way.
    private mutating func consumePayload(of frame: FrameHeader) -> Event? {
        let available = input.count - inputIndex
        let count = remainingPayload < UInt64(available) ? Int(remainingPayload) : available
        let end = inputIndex + count
        remainingPayload -= UInt64(count)
        if frame.opcode.isControl {
            while inputIndex < end { controlPayload.append(unmaskNextByte(with: frame.maskingKey)) }
        } else if messageOpcode == .text {
            while inputIndex < end {
                let byte = unmaskNextByte(with: frame.maskingKey)
                guard textValidator.consume(byte) else {
                    return fail(WebSocketCloseCode.invalidPayloadData, "text message is not valid UTF-8")
                }
                message.append(byte)
            }
        } else {
            while inputIndex < end { message.append(unmaskNextByte(with: frame.maskingKey)) }
        }
        return nil
    }

    private mutating func unmaskNextByte(with maskingKey: UInt32) -> UInt8 {
        let shift = UInt32(24 - 8 * (maskIndex & 3))
        let byte = input[inputIndex] ^ UInt8(truncatingIfNeeded: maskingKey >> shift)
        inputIndex += 1
        maskIndex &+= 1
        return byte
    }

    /// Turns a fully read frame into an event, or nil when it was a non-final fragment.
    private mutating func finish(_ frame: FrameHeader) -> Event? {
        switch frame.opcode {
        case .ping:
            return .ping(controlPayload)
        case .pong:
            return .pong(controlPayload)
        case .close:
            return closeEvent()
        case .continuation, .text, .binary:
            guard frame.isFinal, let opcode = messageOpcode else { return nil }
            if opcode == .text, !textValidator.isAtCodePointBoundary {
                return fail(WebSocketCloseCode.invalidPayloadData, "text message ends inside a UTF-8 sequence")
            }
            let payload = message
            message = []
            messageOpcode = nil
            textValidator = UTF8Validator()
            return .message(opcode: opcode, payload: payload)
        }
    }

    /// Validates a close payload: empty, or a valid code followed by a UTF-8 reason (RFC 6455 §5.5.1).
    private mutating func closeEvent() -> Event {
        let event: Event
        switch controlPayload.count {
        case 0:
            event = .close(code: nil, reason: "")
        case 1:
            return fail(WebSocketCloseCode.protocolError, "close payload of a single byte")
        default:
            let code = UInt16(controlPayload[0]) << 8 | UInt16(controlPayload[1])
            guard WebSocketCloseCode.isValidOnWire(code) else {
                return fail(WebSocketCloseCode.protocolError, "invalid close code \(code)")
            }
            var validator = UTF8Validator()
            let reasonBytes = controlPayload[2...]
            guard reasonBytes.allSatisfy({ validator.consume($0) }), validator.isAtCodePointBoundary else {
                return fail(WebSocketCloseCode.invalidPayloadData, "close reason is not valid UTF-8")
            }
            event = .close(code: code, reason: String(decoding: reasonBytes, as: UTF8.self))
        }
        terminalEvent = event
        input = []
        message = []
        return event
    }
}

/// The kind of a complete data message.
public enum WebSocketMessageOpcode: UInt8, Sendable {
    case text = 0x1
    case binary = 0x2
}
