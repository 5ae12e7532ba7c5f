import Testing
@testable import WebSocket

@Suite struct CloseTests {
    @Test(arguments: [
        (0, false), (999, false), (1000, true), (1001, true), (1002, true), (1003, true), (1004, false),
        (1005, false), (1006, false), (1007, true), (1008, true), (1009, true), (1010, true), (1011, true),
        (1012, true), (1013, true), (1014, true), (1015, false), (1016, false), (2000, false), (2999, false),
        (3000, true), (3999, true), (4000, true), (4999, true), (5000, false), (65535, false),
    ] as [(UInt16, Bool)])
    func closeCodeTable(_ code: UInt16, _ valid: Bool) {
        #expect(WebSocketCloseCode.isValidOnWire(code) == valid)
        let frame = clientFrame(opcode: closeOpcode, payload: [UInt8(code >> 8), UInt8(code & 0xFF)])
        #expect(decode(frame) == [valid ? .close(code: code, reason: "") : .failed(closeCode: 1002, reason: "invalid close code \(code)")])
    }

    @Test func emptyCloseHasNoCode() {
        #expect(decode(clientFrame(opcode: closeOpcode, payload: [])) == [.close(code: nil, reason: "")])
    }

    @Test func closeCarriesUTF8Reason() {
        let payload: [UInt8] = [0x0F, 0xA0] + Array("bye ✓".utf8)
        #expect(decode(clientFrame(opcode: closeOpcode, payload: payload), chunkSize: 1) == [.close(code: 4000, reason: "bye ✓")])
    }

    @Test func singleByteCloseIsAProtocolError() {
        #expect(failureCode(decode(clientFrame(opcode: closeOpcode, payload: [0x03]))) == 1002)
    }

    @Test func invalidReasonIsInvalidPayload() {
        #expect(failureCode(decode(clientFrame(opcode: closeOpcode, payload: [0x03, 0xE8, 0xC0, 0x80]))) == 1007)
        #expect(failureCode(decode(clientFrame(opcode: closeOpcode, payload: [0x03, 0xE8, 0x61, 0xE2]))) == 1007)
    }

    @Test func closeMayInterleaveAFragmentedMessage() {
        let bytes = clientFrame(opcode: text, payload: [0x61], fin: false) + clientFrame(opcode: closeOpcode, payload: [0x03, 0xE9])
        #expect(decode(bytes) == [.close(code: 1001, reason: "")])
    }
}
