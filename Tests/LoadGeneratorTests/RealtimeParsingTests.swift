import Testing
import WebSocket
@testable import LoadGenerator

/// The pieces the runner reads events with, on real bytes: frames found in place, members found
/// without parsing, markers written and read back.
@Suite("Realtime parsing")
struct RealtimeParsingTests {
    func member(_ key: StaticString, _ json: String) -> String? {
        let bytes = Array(json.utf8)
        return bytes.withUnsafeBytes { raw in
            JSONMemberScanner.value(of: key, in: raw, 0..<raw.count).map { String(decoding: raw[$0], as: UTF8.self) }
        }
    }

    func string(_ key: StaticString, _ json: String) -> String? {
        let bytes = Array(json.utf8)
        return bytes.withUnsafeBytes { raw in
            JSONMemberScanner.string(of: key, in: raw, 0..<raw.count).map { String(decoding: raw[$0], as: UTF8.self) }
        }
    }

    @Test func findsTopLevelMembersWhateverTheLayout() {
        #expect(member("type", #"{"type":"ack"}"#) == #""ack""#)
        #expect(member("data", #"{"id":"1","type":"message.created","data":{"text":"hi"}}"#) == #"{"text":"hi"}"#)
        #expect(member("seq", "{ \"a\" : [1, {\"b\": null}] ,\n\t\"seq\" :  12 }") == "12")
        #expect(member("flag", #"{"flag":true,"x":1}"#) == "true")
        #expect(member("last", #"{"x":-1.5e3,"last":null}"#) == "null")
        #expect(string("type", #"{"id": "7", "type": "message.created"}"#) == "message.created")
        #expect(string("text", #"{"text":"say \"hi\" \\ twice"}"#) == #"say \"hi\" \\ twice"#)
    }

    @Test func neverMatchesNestedMembersOrTextInsideStrings() {
        #expect(string("type", #"{"data":{"type":"text"},"type":"message.created"}"#) == "message.created")
        #expect(string("type", #"{"note":"\"type\":\"fake\"","type":"real"}"#) == "real")
        #expect(string("type", #"{"note":"ends in a backslash \\","type":"real"}"#) == "real")
        #expect(string("type", #"{"note":"\\\",\"type\":\"fake","type":"real"}"#) == "real")
        #expect(string("type", #"{"list":[{"type":"x"},"]}",{"y":"[{"}],"type":"real"}"#) == "real")
        #expect(string("type", #"{"data":{"type":"text"}}"#) == nil)
        #expect(string("typ", #"{"type":"a"}"#) == nil)
    }

    @Test func givesNothingForWhatIsNotAnObjectOrNotAString() {
        for json in ["", "[]", #""type""#, "{", #"{"type""#, #"{"type":"#, #"{"type":"unterminated"#, #"{"a":1 "type":"x"}"#,
                     #"{"a":{"b":1},"type"}"#, #"{"a":[1,2,"type":"x"}"#] {
            #expect(string("type", json) == nil, "\(json)")
        }
        #expect(string("seq", #"{"seq":12}"#) == nil)
        #expect(member("seq", #"{"seq":}"#) == nil)
        #expect(member("empty", "{}") == nil)
    }

    @Test func markersRoundTripAndArePadded() {
        var text: [UInt8] = []
        DeliveryMarker.append(number: 1234, sentAt: 987_654_321_012, payloadBytes: 40, to: &text)
        #expect(String(decoding: text, as: UTF8.self) == "#wc:1234:987654321012#" + String(repeating: "x", count: 18))
        let parsed = text.withUnsafeBytes { DeliveryMarker.parse($0, 0..<$0.count) }
        #expect(parsed?.number == 1234 && parsed?.sentAt == 987_654_321_012)

        var short: [UInt8] = []
        DeliveryMarker.append(number: 0, sentAt: 5, payloadBytes: 3, to: &short)
        #expect(String(decoding: short, as: UTF8.self) == "#wc:0:5#")
    }

    @Test func malformedMarkersAreRefused() {
        for text in ["", "#wc:", "#wc:1:2", "#wc::2#", "#wc:1:#", "#wc:1x:2#", "#ts:1:2#", " #wc:1:2#", "#wc:1:2:3#",
                     "#wc:1234567890123456789:2#", "#wc:1:12345678901234567890#"] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBytes { DeliveryMarker.parse($0, 0..<$0.count) } == nil, "\(text)")
        }
    }

    @Test(arguments: [0, 1, 125, 126, 65535, 65536, 70_000])
    func findsFramesOfEveryLengthEncodingInPlace(length: Int) {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
        let frame = WebSocketFrameEncoder.binary(payload)
        let stream = [0xAA] + frame + WebSocketFrameEncoder.text("next")
        stream.withUnsafeBytes { bytes in
            guard case .frame(let parsed) = ServerFrame.parse(bytes, at: 1, maximumPayload: 1 << 20) else {
                Issue.record("no frame")
                return
            }
            #expect(parsed.isFinal && parsed.opcode == .binary)
            #expect(parsed.payload.count == length)
            #expect(Array(bytes[parsed.payload]) == payload)
            #expect(parsed.end == 1 + frame.count)
            guard case .frame(let next) = ServerFrame.parse(bytes, at: parsed.end, maximumPayload: 1 << 20) else {
                Issue.record("no second frame")
                return
            }
            #expect(next.opcode == .text && Array(bytes[next.payload]) == Array("next".utf8))
        }
        for cut in [0, 1, 2, 3, 5, 9, frame.count - 1] where cut < frame.count {
            let incomplete = frame[..<cut].withUnsafeBytes { ServerFrame.parse($0, at: 0, maximumPayload: 1 << 20) }
            guard case .incomplete = incomplete else {
                Issue.record("a frame cut at \(cut) of \(frame.count) bytes is not incomplete")
                continue
            }
        }
    }

    @Test(arguments: [
        (WebSocketFrameEncoder.text("masked", maskingKey: 0x0102_0304), "masked"),
        ([0xC1, 0x00], "reserved"),
        ([0x83, 0x00], "opcode"),
        ([0x09, 0x00], "fragmented control"),
        ([0x89, 0x7E, 0x00, 0x7E] + [UInt8](repeating: 0, count: 126), "longer than 125"),
        ([0x82, 0x7F, 0, 0, 0, 0, 0, 0x10, 0, 1], "over"),
    ] as [([UInt8], String)])
    func refusesWhatNoServerMaySend(frame: [UInt8], reason: String) {
        let parsed = frame.withUnsafeBytes { ServerFrame.parse($0, at: 0, maximumPayload: 1 << 20) }
        guard case .violation(let why) = parsed else {
            Issue.record("accepted")
            return
        }
        #expect(why.contains(reason))
    }
}
