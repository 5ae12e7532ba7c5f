import Testing
@testable import WebSocket

@Suite struct UTF8Tests {
    /// Feeds a text frame byte by byte whose declared payload extends past `payload`, and returns
    /// the payload offset at which the decoder failed with 1007 (nil if it did not).
    func failingOffset(_ payload: [UInt8]) -> Int? {
        let frame = clientFrame(opcode: text, payload: payload + [0x41, 0x41, 0x41, 0x41])
        let headerLength = frame.count - payload.count - 4
        var decoder = WebSocketFrameDecoder()
        for (index, byte) in frame.enumerated() {
            decoder.append([byte])
            switch decoder.nextEvent() {
            case .needMore: continue
            case .failed(1007, _): return index - headerLength
            case let other:
                Issue.record("unexpected \(other)")
                return nil
            }
        }
        return nil
    }

    @Test(arguments: [
        ([0xC0, 0x80], 0), ([0xC1, 0xBF], 0), ([0x80], 0), ([0xBF], 0),
        ([0xE0, 0x80, 0x80], 1), ([0xE0, 0x9F, 0xBF], 1), ([0xF0, 0x80, 0x80, 0x80], 1), ([0xF0, 0x8F, 0xBF, 0xBF], 1),
        ([0xED, 0xA0, 0x80], 1), ([0xED, 0xBF, 0xBF], 1),
        ([0xF4, 0x90, 0x80, 0x80], 1), ([0xF5, 0x80], 0), ([0xF8], 0), ([0xFE], 0), ([0xFF], 0),
        ([0x61, 0xC3, 0x41], 2), ([0xE2, 0x82, 0x41], 2), ([0xF0, 0x9F, 0x98, 0x41], 3), ([0xE2, 0xE2], 1),
    ] as [([UInt8], Int)])
    func invalidSequencesFailAtTheEarliestCertainByte(_ bytes: [UInt8], _ offset: Int) {
        #expect(failingOffset(bytes) == offset)
    }

    @Test func validTextIsNotRejected() {
        let boundaries: [[UInt8]] = [
            [0x7F], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
            [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
        ]
        let payload = boundaries.flatMap { $0 }
        #expect(decode(clientFrame(opcode: text, payload: payload), chunkSize: 1) == [.message(opcode: .text, payload: payload)])
    }

    @Test func codePointSplitAcrossFragmentsIsValid() {
        let emoji = Array("a😀€é".utf8)
        for first in 0...emoji.count {
            for second in first...emoji.count {
                let bytes = clientFrame(opcode: text, payload: Array(emoji[..<first]), fin: false)
                    + clientFrame(opcode: ping, payload: [])
                    + clientFrame(opcode: continuation, payload: Array(emoji[first..<second]), fin: false)
                    + clientFrame(opcode: continuation, payload: Array(emoji[second...]))
                #expect(decode(bytes, chunkSize: 3) == [.ping([]), .message(opcode: .text, payload: emoji)])
            }
        }
    }

    @Test func invalidSequenceSplitAcrossFragmentsFailsInTheLaterFragment() {
        var decoder = WebSocketFrameDecoder()
        decoder.append(clientFrame(opcode: text, payload: [0xED], fin: false))
        #expect(decoder.nextEvent() == .needMore)
        decoder.append(clientFrame(opcode: continuation, payload: [0xA0, 0x80]))
        #expect(failureCode([decoder.nextEvent()]) == 1007)
    }

    @Test func messageEndingInsideACodePointFails() {
        #expect(failureCode(decode(clientFrame(opcode: text, payload: [0x61, 0xE2, 0x82]))) == 1007)
        let fragmented = clientFrame(opcode: text, payload: [0xF0, 0x9F], fin: false) + clientFrame(opcode: continuation, payload: [0x98])
        #expect(failureCode(decode(fragmented)) == 1007)
    }

    @Test func binaryMessagesAreNotValidated() {
        #expect(decode(clientFrame(opcode: binary, payload: [0xFF, 0xC0])) == [.message(opcode: .binary, payload: [0xFF, 0xC0])])
    }

    @Test func validatorAgreesWithTheStandardLibraryOnAllTwoByteSequences() {
        for high in 0...255 {
            for low in 0...255 {
                let bytes = [UInt8(high), UInt8(low)]
                var validator = UTF8Validator()
                let accepted = bytes.allSatisfy { validator.consume($0) } && validator.isAtCodePointBoundary
                #expect(accepted == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
            }
        }
    }

    @Test func validatorAgreesWithTheStandardLibraryOnAllLeadAndSecondBytes() {
        for lead in 0xE0...0xF7 {
            for second in 0...255 {
                let bytes = [UInt8(lead), UInt8(second), 0x80, 0x80].prefix(lead < 0xF0 ? 3 : 4)
                var validator = UTF8Validator()
                let accepted = bytes.allSatisfy { validator.consume($0) } && validator.isAtCodePointBoundary
                #expect(accepted == (String(validating: bytes, as: UTF8.self) != nil), "\(Array(bytes))")
            }
        }
    }
}
