import Testing
@testable import WebSocket

@Suite struct ChunkingTests {
    static let mixedSequence: (bytes: [UInt8], events: [WebSocketFrameDecoder.Event]) = {
        let hello = Array("Hello, wörld 😀".utf8)
        let medium = (0..<300).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let wide = (0..<200).map { UInt8(truncatingIfNeeded: $0 * 13) }
        let bytes = clientFrame(opcode: text, payload: hello, maskingKey: [0xFF, 0x00, 0xAA, 0x55])
            + clientFrame(opcode: ping, payload: [1, 2, 3])
            + clientFrame(opcode: binary, payload: medium)
            + clientFrame(opcode: binary, payload: wide, lengthForm: .sixtyFourBit)
            + clientFrame(opcode: pong, payload: [])
            + clientFrame(opcode: closeOpcode, payload: [0x03, 0xE8] + Array("done".utf8))
        return (bytes, [
            .message(opcode: .text, payload: hello), .ping([1, 2, 3]), .message(opcode: .binary, payload: medium),
            .message(opcode: .binary, payload: wide), .pong([]), .close(code: 1000, reason: "done"),
        ])
    }()

    static let fragmentedSequence: (bytes: [UInt8], events: [WebSocketFrameDecoder.Event]) = {
        let message = Array("ünïcödé 😀 across fragments".utf8)
        let bytes = clientFrame(opcode: text, payload: Array(message[0..<2]), fin: false)
            + clientFrame(opcode: ping, payload: Array("p".utf8))
            + clientFrame(opcode: continuation, payload: Array(message[2..<14]), fin: false, lengthForm: .sixteenBit)
            + clientFrame(opcode: pong, payload: [7])
            + clientFrame(opcode: continuation, payload: Array(message[14...]), lengthForm: .sixtyFourBit)
            + clientFrame(opcode: binary, payload: [], fin: false)
            + clientFrame(opcode: continuation, payload: [0xFF])
        return (bytes, [.ping(Array("p".utf8)), .pong([7]), .message(opcode: .text, payload: message), .message(opcode: .binary, payload: [0xFF])])
    }()

    static let failingSequence: (bytes: [UInt8], events: [WebSocketFrameDecoder.Event]) = {
        let bytes = clientFrame(opcode: text, payload: Array("ok".utf8), lengthForm: .sixteenBit)
            + clientFrame(opcode: text, payload: [0x61, 0xED, 0xA0, 0x80], fin: false)
        return (bytes, [.message(opcode: .text, payload: Array("ok".utf8)), .failed(closeCode: 1007, reason: "text message is not valid UTF-8")])
    }()

    static let sequences = [mixedSequence, fragmentedSequence, failingSequence]

    @Test(arguments: 0..<3)
    func everyChunkSizeGivesTheSameEvents(_ index: Int) {
        let sequence = Self.sequences[index]
        for chunkSize in 1...sequence.bytes.count {
            #expect(decode(sequence.bytes, chunkSize: chunkSize) == sequence.events, "chunk size \(chunkSize)")
        }
    }

    @Test(arguments: 0..<3)
    func everySplitPointGivesTheSameEvents(_ index: Int) {
        let sequence = Self.sequences[index]
        for split in 0...sequence.bytes.count {
            var decoder = WebSocketFrameDecoder()
            var events = decode(Array(sequence.bytes[..<split]), decoder: &decoder)
            if events.last.map({ if case .failed = $0 { true } else { false } }) != true {
                events += decode(Array(sequence.bytes[split...]), decoder: &decoder)
            }
            #expect(events == sequence.events, "split at \(split)")
        }
    }

    @Test func largeSixtyFourBitFrameInAssortedChunks() {
        let payload = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let frame = clientFrame(opcode: binary, payload: payload)
        #expect(frame[1] == 0xFF)
        for chunkSize in [1, 3, 4, 5, 1000, 4096, 65536, frame.count] {
            #expect(decode(frame, chunkSize: chunkSize, maximumMessageSize: 70_000) == [.message(opcode: .binary, payload: payload)])
        }
    }

    @Test func appendingWithoutDrainingKeepsOrder() {
        var decoder = WebSocketFrameDecoder()
        decoder.append(clientFrame(opcode: text, payload: [0x61]))
        decoder.append(clientFrame(opcode: ping, payload: [0x62]))
        #expect(decoder.nextEvent() == .message(opcode: .text, payload: [0x61]))
        decoder.append(clientFrame(opcode: pong, payload: [0x63]))
        #expect(decoder.nextEvent() == .ping([0x62]))
        #expect(decoder.nextEvent() == .pong([0x63]))
        #expect(decoder.nextEvent() == .needMore)
    }
}
