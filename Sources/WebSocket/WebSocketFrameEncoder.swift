/// Builds unfragmented frames with the minimal length encoding. A server's frames are unmasked
/// (RFC 6455 §5.1); a client passes a fresh random `maskingKey` for each frame. Frames are
/// plain byte arrays, so one event serialised once can be framed once and the same bytes
/// written to every receiver.
public enum WebSocketFrameEncoder {
    public enum EncodingError: Error, Equatable, Sendable {
        /// Control frame payloads are limited to 125 bytes (RFC 6455 §5.5).
        case controlPayloadTooLong(Int)
        /// 1005, 1006, 1015 and unassigned codes must not be sent (RFC 6455 §7.4).
        case invalidCloseCode(UInt16)
        /// A reason can only travel after a code.
        case reasonWithoutCode
    }

    /// A text frame from bytes the caller guarantees are UTF-8, e.g. an already serialised JSON event.
    public static func text(utf8 payload: some Collection<UInt8>, maskingKey: UInt32? = nil) -> [UInt8] {
        frame(opcode: .text, payload: payload, maskingKey: maskingKey)
    }

    public static func text(_ string: String, maskingKey: UInt32? = nil) -> [UInt8] {
        frame(opcode: .text, payload: string.utf8, maskingKey: maskingKey)
    }

    public static func binary(_ payload: some Collection<UInt8>, maskingKey: UInt32? = nil) -> [UInt8] {
        frame(opcode: .binary, payload: payload, maskingKey: maskingKey)
    }

    public static func ping(_ payload: some Collection<UInt8>, maskingKey: UInt32? = nil) throws(EncodingError) -> [UInt8] {
        try controlFrame(opcode: .ping, payload: payload, maskingKey: maskingKey)
    }

    /// Answers a ping; RFC 6455 §5.5.3 requires echoing the ping's payload.
    public static func pong(_ payload: some Collection<UInt8>, maskingKey: UInt32? = nil) throws(EncodingError) -> [UInt8] {
        try controlFrame(opcode: .pong, payload: payload, maskingKey: maskingKey)
    }

    /// A close frame; `code: nil` sends an empty payload (reported to the client as 1005).
    public static func close(code: UInt16?, reason: String = "", maskingKey: UInt32? = nil) throws(EncodingError) -> [UInt8] {
        guard let code else {
            guard reason.isEmpty else { throw .reasonWithoutCode }
            return frame(opcode: .close, payload: [], maskingKey: maskingKey)
        }
        guard WebSocketCloseCode.isValidOnWire(code) else { throw .invalidCloseCode(code) }
        var payload: [UInt8] = [UInt8(truncatingIfNeeded: code >> 8), UInt8(truncatingIfNeeded: code)]
        payload.append(contentsOf: reason.utf8)
        return try controlFrame(opcode: .close, payload: payload, maskingKey: maskingKey)
    }

    private static func controlFrame(opcode: FrameOpcode, payload: some Collection<UInt8>,
                                     maskingKey: UInt32?) throws(EncodingError) -> [UInt8] {
        guard payload.count <= 125 else { throw .controlPayloadTooLong(payload.count) }
        return frame(opcode: opcode, payload: payload, maskingKey: maskingKey)
    }

    private static func frame(opcode: FrameOpcode, payload: some Collection<UInt8>, maskingKey: UInt32?) -> [UInt8] {
        let length = payload.count
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        var bytes: [UInt8] = []
        bytes.reserveCapacity(14 + length)
        bytes.append(0x80 | opcode.rawValue)
        switch length {
        case 0...125:
            bytes.append(maskBit | UInt8(length))
        case 126...0xFFFF:
            bytes.append(maskBit | 126)
            bytes.append(UInt8(truncatingIfNeeded: length >> 8))
            bytes.append(UInt8(truncatingIfNeeded: length))
        default:
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: UInt64(length) >> UInt64(shift)))
            }
        }
        guard let maskingKey else {
            bytes.append(contentsOf: payload)
            return bytes
        }
        let key = [UInt8(truncatingIfNeeded: maskingKey >> 24), UInt8(truncatingIfNeeded: maskingKey >> 16),
                   UInt8(truncatingIfNeeded: maskingKey >> 8), UInt8(truncatingIfNeeded: maskingKey)]
        bytes.append(contentsOf: key)
        for (index, byte) in payload.enumerated() { bytes.append(byte ^ key[index & 3]) }
        return bytes
    }
}
