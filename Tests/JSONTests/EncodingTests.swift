import JSON
import Testing

@Suite struct EncodingTests {
    @Test func compactWithMembersInOrder() {
        let value: JSONValue = ["b": 1, "a": [true, false, nil, "s", 1.5, ["k": [:]], []]]
        #expect(value.jsonText == #"{"b":1,"a":[true,false,null,"s",1.5,{"k":{}},[]]}"#)
        #expect(value.encoded() == Array(value.jsonText.utf8))
    }

    @Test func encodeIntoAppends() {
        var buffer = Array("prefix:".utf8)
        JSONValue.array([1, "x"]).encode(into: &buffer)
        JSONValue.null.encode(into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"prefix:[1,"x"]null"#)
    }

    @Test func integers() {
        #expect(JSONValue.int(0).jsonText == "0")
        #expect(JSONValue.int(-1).jsonText == "-1")
        #expect(JSONValue.int(1_234_567_890).jsonText == "1234567890")
        #expect(JSONValue.int(.max).jsonText == "9223372036854775807")
        #expect(JSONValue.int(.min).jsonText == "-9223372036854775808")
    }

    @Test func doublesUseTheShortestRoundTripForm() {
        #expect(JSONValue.double(5).jsonText == "5.0")
        #expect(JSONValue.double(0.1).jsonText == "0.1")
        #expect(JSONValue.double(1e-5).jsonText == "1e-05")
        #expect(JSONValue.double(1e20).jsonText == "1e+20")
        #expect(JSONValue.double(-0.0).jsonText == "-0.0")
        #expect(JSONValue.double(.greatestFiniteMagnitude).jsonText == "1.7976931348623157e+308")
    }

    @Test func nonFiniteDoublesEncodeAsNull() {
        #expect(JSONValue.double(.infinity).jsonText == "null")
        #expect(JSONValue.double(-.infinity).jsonText == "null")
        #expect(JSONValue.double(.nan).jsonText == "null")
        #expect(JSONValue.array([.double(.infinity), 1]).jsonText == "[null,1]")
    }

    @Test func stringEscapes() {
        #expect(JSONValue.string(#"a"b\c/d"#).jsonText == #""a\"b\\c/d""#)
        #expect(JSONValue.string("\n\r\t\u{8}\u{C}").jsonText == #""\n\r\t\b\f""#)
        #expect(JSONValue.string("\u{0}\u{1}\u{1F}").jsonText == #""\u0000\u0001\u001f""#)
        #expect(JSONValue.string("\u{7F}").jsonText == "\"\u{7F}\"")
        #expect(JSONValue.string("").jsonText == #""""#)
    }

    @Test func lineAndParagraphSeparatorsAreEscapedForJavaScript() {
        #expect(JSONValue.string("a\u{2028}b\u{2029}c").jsonText == #""a\u2028b\u2029c""#)
        // Neighbours sharing the same lead bytes are written raw.
        #expect(JSONValue.string("\u{2027}\u{202A}€").encoded() == Array("\"\u{2027}\u{202A}€\"".utf8))
    }

    @Test func otherUnicodeIsRawUTF8() {
        let text = "é 中文 😀 e\u{301}"
        #expect(JSONValue.string(text).encoded() == [0x22] + Array(text.utf8) + [0x22])
    }

    @Test func keysAreEscapedLikeStrings() {
        let value: JSONValue = ["a\"\n\u{2028}": 1]
        #expect(value.jsonText == #"{"a\"\n\u2028":1}"#)
    }

    @Test func appendStringMatchesTheEncoder() {
        var buffer: [UInt8] = []
        JSONEncoding.appendString("x\"\u{1}\u{2029}é", to: &buffer)
        #expect(buffer == JSONValue.string("x\"\u{1}\u{2029}é").encoded())
        #expect(String(decoding: buffer, as: UTF8.self) == #""x\"\u0001\u2029é""#)
    }

    @Test func appendNumberHelpers() {
        var buffer: [UInt8] = []
        JSONEncoding.appendInteger(-42, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        JSONEncoding.appendNumber(2.5, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        JSONEncoding.appendNumber(.nan, to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "-42,2.5,null")
    }

    @Test func descriptionIsTheJSONText() {
        let value: JSONValue = ["a": [1, "b"]]
        #expect(value.description == #"{"a":[1,"b"]}"#)
    }
}
