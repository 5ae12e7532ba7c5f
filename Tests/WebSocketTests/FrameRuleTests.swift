import Testing
@testable import WebSocket

@Suite struct FrameRuleTests {
    @Test func decodesMaskedTextAndBinary() {
        let events = decode(clientFrame(opcode: text, payload: Array("Hello".utf8)) + clientFrame(opcode: binary, payload: [0, 255, 7]))
        #expect(events == [.message(opcode: .text, payload: Array("Hello".utf8)), .message(opcode: .binary, payload: [0, 255, 7])])
    }

    @Test func decodesEmptyMessagesAndControlFrames() {
        let events = decode(clientFrame(opcode: text, payload: []) + clientFrame(opcode: ping, payload: []) + clientFrame(opcode: pong, payload: [9]))
        #expect(events == [.message(opcode: .text, payload: []), .ping([]), .pong([9])])
    }

    @Test func rejectsUnmaskedClientFrame() {
        #expect(failureCode(decode(clientFrame(opcode: text, payload: [0x41], masked: false))) == 1002)
    }

    @Test(arguments: [UInt8(1), 2, 4, 7])
    func rejectsReservedBits(_ bits: UInt8) {
        #expect(failureCode(decode(clientFrame(opcode: text, payload: [0x41], reservedBits: bits))) == 1002)
    }

    @Test(arguments: [UInt8(3), 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF])
    func rejectsUnknownOpcodes(_ opcode: UInt8) {
        #expect(failureCode(decode(clientFrame(opcode: opcode, payload: []))) == 1002)
    }

    @Test(arguments: [closeOpcode, ping, pong])
    func controlFramesAreLimitedTo125Bytes(_ opcode: UInt8) {
        let payload: [UInt8] = opcode == closeOpcode ? [0x03, 0xE8] + Array(repeating: 0x61, count: 123) : Array(repeating: 1, count: 125)
        #expect(failureCode(decode(clientFrame(opcode: opcode, payload: payload))) == nil)
        let longer = payload + [0x61]
        #expect(failureCode(decode(clientFrame(opcode: opcode, payload: longer))) == 1002)
        #expect(failureCode(decode(clientFrame(opcode: opcode, payload: longer, lengthForm: .sixtyFourBit))) == 1002)
    }

    @Test(arguments: [closeOpcode, ping, pong])
    func rejectsFragmentedControlFrames(_ opcode: UInt8) {
        #expect(failureCode(decode(clientFrame(opcode: opcode, payload: [], fin: false))) == 1002)
    }

    @Test func rejectsContinuationWithoutMessage() {
        #expect(failureCode(decode(clientFrame(opcode: continuation, payload: [0x41]))) == 1002)
        let afterCompleteMessage = clientFrame(opcode: text, payload: [0x41]) + clientFrame(opcode: continuation, payload: [0x41])
        #expect(failureCode(decode(afterCompleteMessage)) == 1002)
    }

    @Test(arguments: [text, binary])
    func rejectsNewDataFrameDuringFragmentedMessage(_ opcode: UInt8) {
        let bytes = clientFrame(opcode: binary, payload: [1], fin: false) + clientFrame(opcode: opcode, payload: [0x41])
        #expect(failureCode(decode(bytes)) == 1002)
    }

    @Test func rejects64BitLengthWithTopBitSetBeforeReadingTheRest() {
        var decoder = WebSocketFrameDecoder()
        decoder.append([0x82, 0xFF, 0x80])
        #expect(failureCode([decoder.nextEvent()]) == 1002)
    }

    @Test func acceptsNonMinimalLengthEncodings() {
        let payload = Array("short".utf8)
        let bytes = clientFrame(opcode: text, payload: payload, lengthForm: .sixteenBit)
            + clientFrame(opcode: binary, payload: payload, lengthForm: .sixtyFourBit)
            + clientFrame(opcode: ping, payload: payload, lengthForm: .sixteenBit)
        #expect(decode(bytes) == [.message(opcode: .text, payload: payload), .message(opcode: .binary, payload: payload), .ping(payload)])
    }

    @Test func reassemblesFragmentsWithInterleavedControlFrames() {
        let bytes = clientFrame(opcode: text, payload: Array("Hel".utf8), fin: false)
            + clientFrame(opcode: ping, payload: [1, 2])
            + clientFrame(opcode: continuation, payload: [], fin: false)
            + clientFrame(opcode: pong, payload: [])
            + clientFrame(opcode: continuation, payload: Array("lo".utf8))
            + clientFrame(opcode: binary, payload: [9], fin: false)
            + clientFrame(opcode: continuation, payload: [8])
        #expect(decode(bytes) == [
            .ping([1, 2]), .pong([]), .message(opcode: .text, payload: Array("Hello".utf8)), .message(opcode: .binary, payload: [9, 8]),
        ])
    }

    @Test func failureIsStickyAndStopsDecoding() {
        var decoder = WebSocketFrameDecoder()
        decoder.append(clientFrame(opcode: 3, payload: []))
        let failure = decoder.nextEvent()
        #expect(failureCode([failure]) == 1002)
        decoder.append(clientFrame(opcode: text, payload: [0x41]))
        #expect(decoder.nextEvent() == failure)
    }

    @Test func inputAfterCloseIsIgnored() {
        var decoder = WebSocketFrameDecoder()
        let bytes = clientFrame(opcode: closeOpcode, payload: [0x03, 0xE8]) + clientFrame(opcode: text, payload: [0x41])
        #expect(decode(bytes, decoder: &decoder) == [.close(code: 1000, reason: "")])
        decoder.append(clientFrame(opcode: 3, payload: []))
        #expect(decoder.nextEvent() == .needMore)
    }
}

@Suite struct MessageSizeTests {
    @Test func acceptsMessageOfExactlyTheLimit() {
        let payload = [UInt8](repeating: 7, count: 300)
        #expect(decode(clientFrame(opcode: binary, payload: payload), maximumMessageSize: 300) == [.message(opcode: .binary, payload: payload)])
    }

    @Test func defaultLimitIs64KiB() {
        #expect(WebSocketFrameDecoder().maximumMessageSize == 65536)
        let payload = [UInt8](repeating: 7, count: 65537)
        #expect(failureCode(decode(clientFrame(opcode: binary, payload: payload))) == 1009)
    }

    @Test(arguments: [LengthForm.minimal, .sixteenBit, .sixtyFourBit])
    func oversizedFrameFailsFromHeaderAlone(_ form: LengthForm) {
        let frame = clientFrame(opcode: binary, payload: [UInt8](repeating: 0, count: 101), lengthForm: form)
        let headerOnly = Array(frame.dropLast(101))
        var decoder = WebSocketFrameDecoder(maximumMessageSize: 100)
        decoder.append(headerOnly)
        #expect(failureCode([decoder.nextEvent()]) == 1009)
    }

    @Test func hugeDeclaredLengthFailsWithoutOverflow() {
        var decoder = WebSocketFrameDecoder()
        decoder.append([0x82, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4])
        #expect(failureCode([decoder.nextEvent()]) == 1009)
    }

    @Test func sumOfFragmentsIsLimitedBeforeTheLastPayloadArrives() {
        var decoder = WebSocketFrameDecoder(maximumMessageSize: 10)
        let first = clientFrame(opcode: text, payload: Array("123456".utf8), fin: false)
        let second = clientFrame(opcode: continuation, payload: Array("12345".utf8))
        decoder.append(first + second.dropLast(5))
        #expect(failureCode([decoder.nextEvent()]) == 1009)
        #expect(decode(first + clientFrame(opcode: continuation, payload: Array("1234".utf8)), maximumMessageSize: 10)
            == [.message(opcode: .text, payload: Array("1234561234".utf8))])
    }

    @Test func controlFramesDoNotCountTowardsTheMessageLimit() {
        let bytes = clientFrame(opcode: binary, payload: [1, 2, 3], fin: false)
            + clientFrame(opcode: ping, payload: [UInt8](repeating: 0, count: 50))
            + clientFrame(opcode: continuation, payload: [4])
        #expect(decode(bytes, maximumMessageSize: 4).last == .message(opcode: .binary, payload: [1, 2, 3, 4]))
    }
}
