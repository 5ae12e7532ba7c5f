/// Frame opcodes defined by RFC 6455 §5.2; any other value is a protocol error.
enum FrameOpcode: UInt8, Sendable {
    case continuation = 0x0
    case text = 0x1
    case binary = 0x2
    case close = 0x8
    case ping = 0x9
    case pong = 0xA

    var isControl: Bool { rawValue & 0x8 != 0 }
}

/// Which end of a connection a decoder reads for: the masking rule is the only difference
/// (RFC 6455 §5.1: a client masks every frame, a server never does).
public enum WebSocketRole: Sendable {
    /// Reads frames sent by clients, which must be masked.
    case server
    /// Reads frames sent by a server, which must not be masked.
    case client
}

/// A fully parsed frame header.
struct FrameHeader: Sendable {
    var isFinal: Bool
    var opcode: FrameOpcode
    var payloadLength: UInt64
    /// The four masking-key bytes, first byte in the most significant position; 0 for an
    /// unmasked frame, which makes unmasking the identity.
    var maskingKey: UInt32
}

/// Parses a frame header one byte at a time, so a header split across reads is resumed
/// rather than rescanned. It enforces the rules that need only the header itself; rules that
/// depend on the surrounding message live in the decoder.
///
/// Non-minimal length encodings (e.g. 5 in the 16-bit form) are accepted: RFC 6455 §5.2 asks
/// senders for the minimal form but gives receivers no reason to fail, and every limit is
/// checked against the decoded value, so the encoding cannot be used to evade one.
struct FrameHeaderParser: Sendable {
    enum Step: Sendable {
        case incomplete
        case complete(FrameHeader)
        case protocolViolation(String)
    }

    private enum Stage: Sendable {
        case firstByte
        case secondByte
        case extendedLength(remaining: Int)
        case maskingKey(remaining: Int)
    }

    private let role: WebSocketRole
    private var stage = Stage.firstByte
    private var header = FrameHeader(isFinal: false, opcode: .continuation, payloadLength: 0, maskingKey: 0)

    init(role: WebSocketRole) {
        self.role = role
    }

    mutating func consume(_ byte: UInt8) -> Step {
        switch stage {
        case .firstByte:
            guard byte & 0x70 == 0 else { return .protocolViolation("reserved bits set without a negotiated extension") }
            guard let opcode = FrameOpcode(rawValue: byte & 0x0F) else { return .protocolViolation("unknown opcode") }
            header.isFinal = byte & 0x80 != 0
            header.opcode = opcode
            guard header.isFinal || !opcode.isControl else { return .protocolViolation("fragmented control frame") }
            stage = .secondByte
        case .secondByte:
            let masked = byte & 0x80 != 0
            switch role {
            case .server: guard masked else { return .protocolViolation("client frame is not masked") }
            case .client: guard !masked else { return .protocolViolation("server frame is masked") }
            }
            header.maskingKey = 0
            switch byte & 0x7F {
            case 126:
                header.payloadLength = 0
                stage = .extendedLength(remaining: 2)
            case 127:
                header.payloadLength = 0
                stage = .extendedLength(remaining: 8)
            case let length:
                header.payloadLength = UInt64(length)
                return afterLength()
            }
        case .extendedLength(let remaining):
            if remaining == 8, byte & 0x80 != 0 {
                return .protocolViolation("64-bit payload length has its most significant bit set")
            }
            header.payloadLength = header.payloadLength << 8 | UInt64(byte)
            guard remaining == 1 else {
                stage = .extendedLength(remaining: remaining - 1)
                return .incomplete
            }
            guard !header.opcode.isControl || header.payloadLength <= 125 else {
                return .protocolViolation("control frame payload longer than 125 bytes")
            }
            return afterLength()
        case .maskingKey(let remaining):
            header.maskingKey = header.maskingKey << 8 | UInt32(byte)
            guard remaining == 1 else {
                stage = .maskingKey(remaining: remaining - 1)
                return .incomplete
            }
            stage = .firstByte
            return .complete(header)
        }
        return .incomplete
    }

    /// The header is complete once the length is known, unless a masking key follows.
    private mutating func afterLength() -> Step {
        guard role == .server else {
            stage = .firstByte
            return .complete(header)
        }
        stage = .maskingKey(remaining: 4)
        return .incomplete
    }
}
