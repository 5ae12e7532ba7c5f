import Testing
@testable import WebSocket

/// The client side of the codec: what a client decodes (unmasked server frames) and what it
/// sends (masked frames), checked against the independent test encoder and the server decoder.
@Suite struct ClientRoleTests {
    @Test func clientDecodesUnmaskedServerFrames() {
        var decoder = WebSocketFrameDecoder(role: .client)
        decoder.append(WebSocketFrameEncoder.text("hello") + WebSocketFrameEncoder.binary([1, 2, 3]))
        #expect(decoder.nextEvent() == .message(opcode: .text, payload: Array("hello".utf8)))
        #expect(decoder.nextEvent() == .message(opcode: .binary, payload: [1, 2, 3]))
        #expect(decoder.nextEvent() == .needMore)
    }

    @Test func clientRejectsMaskedServerFrame() {
        var decoder = WebSocketFrameDecoder(role: .client)
        decoder.append(clientFrame(opcode: 0x1, payload: Array("x".utf8)))
        guard case .failed(let code, _) = decoder.nextEvent() else {
            Issue.record("a masked frame from a server must fail")
            return
        }
        #expect(code == WebSocketCloseCode.protocolError)
    }

    @Test func clientDecodesLongUnmaskedFramesByteByByte() {
        let payload = (0..<70_000).map { UInt8(truncatingIfNeeded: $0) }
        var decoder = WebSocketFrameDecoder(role: .client, maximumMessageSize: 100_000)
        var events: [WebSocketFrameDecoder.Event] = []
        for byte in WebSocketFrameEncoder.binary(payload) {
            decoder.append([byte])
            let event = decoder.nextEvent()
            if event != .needMore { events.append(event) }
        }
        #expect(events == [.message(opcode: .binary, payload: payload)])
    }

    @Test(arguments: [0, 5, 125, 126, 65_535, 65_536])
    func maskedFramesMatchTheIndependentEncoder(length: Int) throws {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let key: UInt32 = 0x37FA_213D
        #expect(WebSocketFrameEncoder.binary(payload, maskingKey: key) == clientFrame(opcode: 0x2, payload: payload))
        var decoder = WebSocketFrameDecoder(maximumMessageSize: 1 << 20)
        decoder.append(WebSocketFrameEncoder.binary(payload, maskingKey: key))
        #expect(decoder.nextEvent() == .message(opcode: .binary, payload: payload))
    }

    @Test func maskedControlFramesReachTheServerDecoder() throws {
        var decoder = WebSocketFrameDecoder()
        decoder.append(try WebSocketFrameEncoder.ping([9], maskingKey: 1))
        decoder.append(try WebSocketFrameEncoder.close(code: 1000, reason: "bye", maskingKey: 0xDEAD_BEEF))
        #expect(decoder.nextEvent() == .ping([9]))
        #expect(decoder.nextEvent() == .close(code: 1000, reason: "bye"))
    }
}
