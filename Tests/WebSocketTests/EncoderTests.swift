import Testing
@testable import WebSocket

@Suite struct EncoderTests {
    @Test func matchesRFCExamples() throws {
        #expect(WebSocketFrameEncoder.text("Hello") == [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        #expect(Array(WebSocketFrameEncoder.binary([UInt8](repeating: 0, count: 256)).prefix(4)) == [0x82, 0x7E, 0x01, 0x00])
        #expect(Array(WebSocketFrameEncoder.binary([UInt8](repeating: 0, count: 65536)).prefix(10)) == [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0])
        #expect(try WebSocketFrameEncoder.ping(Array("Hello".utf8)) == [0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
    }

    @Test(arguments: [(0, 2), (125, 2), (126, 4), (65535, 4), (65536, 10)])
    func usesMinimalLengthEncoding(_ length: Int, _ headerLength: Int) {
        let frame = WebSocketFrameEncoder.binary([UInt8](repeating: 1, count: length))
        #expect(frame.count == headerLength + length)
        #expect(frame[1] & 0x80 == 0)
    }

    @Test func preEncodedTextIsFramedAsIs() {
        let json = Array(#"{"type":"message","text":"hé"}"#.utf8)
        #expect(WebSocketFrameEncoder.text(utf8: json) == WebSocketFrameEncoder.text(#"{"type":"message","text":"hé"}"#))
        #expect(Array(WebSocketFrameEncoder.text(utf8: json).dropFirst(2)) == json)
    }

    @Test func roundTripsThroughAMaskingClientIntoTheDecoder() throws {
        let long = String(repeating: "ü", count: 40_000)
        let frames = [
            WebSocketFrameEncoder.text("hi"), WebSocketFrameEncoder.text(long), WebSocketFrameEncoder.binary([0, 1, 2]),
            try WebSocketFrameEncoder.ping([9]), try WebSocketFrameEncoder.pong([8]),
            try WebSocketFrameEncoder.close(code: 4001, reason: "fin ✓"),
        ]
        let events = decode(frames.flatMap { maskServerFrame($0) }, chunkSize: 777, maximumMessageSize: 100_000)
        #expect(events == [
            .message(opcode: .text, payload: Array("hi".utf8)), .message(opcode: .text, payload: Array(long.utf8)),
            .message(opcode: .binary, payload: [0, 1, 2]), .ping([9]), .pong([8]), .close(code: 4001, reason: "fin ✓"),
        ])
        #expect(decode(maskServerFrame(try WebSocketFrameEncoder.close(code: nil))) == [.close(code: nil, reason: "")])
    }

    @Test func rejectsOversizedControlPayloads() throws {
        #expect(throws: WebSocketFrameEncoder.EncodingError.controlPayloadTooLong(126)) { try WebSocketFrameEncoder.ping([UInt8](repeating: 0, count: 126)) }
        #expect(throws: WebSocketFrameEncoder.EncodingError.controlPayloadTooLong(126)) { try WebSocketFrameEncoder.pong([UInt8](repeating: 0, count: 126)) }
        #expect(try WebSocketFrameEncoder.close(code: 1000, reason: String(repeating: "a", count: 123)).count == 127)
        #expect(throws: WebSocketFrameEncoder.EncodingError.controlPayloadTooLong(126)) { try WebSocketFrameEncoder.close(code: 1000, reason: String(repeating: "a", count: 124)) }
    }

    @Test func rejectsCloseCodesThatMustNotBeSent() {
        for code: UInt16 in [0, 1005, 1006, 1015, 2000, 5000] {
            #expect(throws: WebSocketFrameEncoder.EncodingError.invalidCloseCode(code)) { try WebSocketFrameEncoder.close(code: code) }
        }
        #expect(throws: WebSocketFrameEncoder.EncodingError.reasonWithoutCode) { try WebSocketFrameEncoder.close(code: nil, reason: "why") }
    }
}
