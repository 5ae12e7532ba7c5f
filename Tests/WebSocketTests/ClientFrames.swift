import Testing
@testable import WebSocket

/// How a test client encodes the payload length, to exercise every form the decoder must accept.
enum LengthForm {
    case minimal, sixteenBit, sixtyFourBit
}

/// The client side of the wire format, written independently of the server encoder:
/// builds masked frames with full control over every header bit.
func clientFrame(
    opcode: UInt8,
    payload: [UInt8],
    fin: Bool = true,
    reservedBits: UInt8 = 0,
    masked: Bool = true,
    maskingKey: [UInt8] = [0x37, 0xFA, 0x21, 0x3D],
    lengthForm: LengthForm = .minimal
) -> [UInt8] {
    var bytes: [UInt8] = [(fin ? 0x80 : 0) | reservedBits << 4 | opcode]
    let maskBit: UInt8 = masked ? 0x80 : 0
    var form = lengthForm
    if form == .minimal {
        form = payload.count <= 125 ? .minimal : payload.count <= 0xFFFF ? .sixteenBit : .sixtyFourBit
    }
    switch form {
    case .minimal:
        bytes.append(maskBit | UInt8(payload.count))
    case .sixteenBit:
        bytes.append(maskBit | 126)
        bytes += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
    case .sixtyFourBit:
        bytes.append(maskBit | 127)
        bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: UInt64(payload.count) >> UInt64($0 * 8)) }
    }
    guard masked else { return bytes + payload }
    bytes += maskingKey
    bytes += payload.enumerated().map { $0.element ^ maskingKey[$0.offset % 4] }
    return bytes
}

/// Masks a server frame as a client would, to feed encoder output into the server decoder.
func maskServerFrame(_ frame: [UInt8], maskingKey: [UInt8] = [0x01, 0x82, 0x43, 0xC4]) -> [UInt8] {
    var index = 2
    var length = Int(frame[1] & 0x7F)
    if length == 126 {
        length = Int(frame[2]) << 8 | Int(frame[3])
        index = 4
    } else if length == 127 {
        length = frame[2..<10].reduce(0) { $0 << 8 | Int($1) }
        index = 10
    }
    var masked = Array(frame[0..<index])
    masked[1] |= 0x80
    masked += maskingKey
    masked += frame[index...].enumerated().map { $0.element ^ maskingKey[$0.offset % 4] }
    #expect(frame.count - index == length)
    return masked
}

/// Feeds `bytes` in chunks of `chunkSize` and collects every event except `.needMore`,
/// draining the decoder after each chunk as the connection layer will.
func decode(
    _ bytes: [UInt8],
    chunkSize: Int? = nil,
    decoder: inout WebSocketFrameDecoder
) -> [WebSocketFrameDecoder.Event] {
    var events: [WebSocketFrameDecoder.Event] = []
    let size = max(1, chunkSize ?? bytes.count)
    var start = 0
    repeat {
        let end = min(bytes.count, start + size)
        decoder.append(bytes[start..<end])
        start = end
        while true {
            let event = decoder.nextEvent()
            if event == .needMore { break }
            events.append(event)
            if case .failed = event { return events }
        }
    } while start < bytes.count
    return events
}

func decode(_ bytes: [UInt8], chunkSize: Int? = nil, maximumMessageSize: Int = 64 * 1024) -> [WebSocketFrameDecoder.Event] {
    var decoder = WebSocketFrameDecoder(maximumMessageSize: maximumMessageSize)
    return decode(bytes, chunkSize: chunkSize, decoder: &decoder)
}

func failureCode(_ events: [WebSocketFrameDecoder.Event]) -> UInt16? {
    guard case .failed(let code, _)? = events.last else { return nil }
    return code
}

let text: UInt8 = 0x1, binary: UInt8 = 0x2, continuation: UInt8 = 0x0
let closeOpcode: UInt8 = 0x8, ping: UInt8 = 0x9, pong: UInt8 = 0xA
