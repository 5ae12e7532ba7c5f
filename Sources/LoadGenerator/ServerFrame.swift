/// One frame of a server (RFC 6455 §5.2) located inside a buffer, without copying it: the load
/// runner reads hundreds of thousands of event frames a second and looks at each payload where
/// it lies. (The blocking `WebSocketClient` uses the strict `WebSocketFrameDecoder` instead, which
/// copies and UTF-8-checks every byte: right for tests, about 4 ns a byte, too slow here.)
///
/// It checks what a client must refuse from a server — reserved bits, unknown opcodes, masked
/// frames, fragmented or long control frames, lengths over the limit — and leaves UTF-8 alone:
/// the runner only looks for ASCII fields in text, and garbage there shows as unrecognised frames.
struct ServerFrame {
    enum Opcode: UInt8 {
        case continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA

        var isControl: Bool { rawValue & 0x8 != 0 }
    }

    let isFinal: Bool
    let opcode: Opcode
    /// Where the payload lies in the buffer that was parsed.
    let payload: Range<Int>

    /// The frame's end in the buffer: where the next one starts.
    var end: Int { payload.upperBound }

    enum Parse {
        case frame(ServerFrame)
        /// The frame is not complete; it needs `bytesNeeded` bytes from its start (nil while even
        /// its header is incomplete).
        case incomplete(bytesNeeded: Int?)
        case violation(String)
    }

    /// Parses the frame that starts at `start`; a payload over `maximumPayload` is a violation
    /// before any of it is read.
    static func parse(_ bytes: UnsafeRawBufferPointer, at start: Int, maximumPayload: Int) -> Parse {
        let available = bytes.count - start
        guard available >= 2 else { return .incomplete(bytesNeeded: nil) }
        let first = bytes[start]
        let second = bytes[start + 1]
        guard first & 0x70 == 0 else { return .violation("reserved bits set without a negotiated extension") }
        guard let opcode = Opcode(rawValue: first & 0x0F) else { return .violation("unknown opcode \(first & 0x0F)") }
        guard second & 0x80 == 0 else { return .violation("server frame is masked") }
        let isFinal = first & 0x80 != 0
        var headerLength = 2
        var length = UInt64(second & 0x7F)
        if length >= 126 {
            let extended = length == 126 ? 2 : 8
            guard available >= 2 + extended else { return .incomplete(bytesNeeded: nil) }
            length = 0
            for offset in 0..<extended { length = length << 8 | UInt64(bytes[start + 2 + offset]) }
            headerLength += extended
        }
        if opcode.isControl {
            guard isFinal else { return .violation("fragmented control frame") }
            guard length <= 125 else { return .violation("control frame payload longer than 125 bytes") }
        }
        guard length <= UInt64(maximumPayload) else { return .violation("frame payload over \(maximumPayload) bytes") }
        let total = headerLength + Int(length)
        guard available >= total else { return .incomplete(bytesNeeded: total) }
        return .frame(ServerFrame(isFinal: isFinal, opcode: opcode, payload: (start + headerLength)..<(start + total)))
    }
}
