import JSON
import Testing

/// JSONTestSuite-style cases (y_ must parse, n_ must be rejected), written inline.
@Suite struct ConformanceTableTests {
    static let accepted: [String] = [
        #"[[]   ]"#, #"[""]"#, #"[]"#, #"["a"]"#, #"[false]"#, #"[null, 1, "1", {}]"#, #"[null]"#,
        "[1\n]", " [1]", #"[1,null,null,null,2]"#, "[2] ", "\t\r\n [ ]\n",
        #"[123e65]"#, #"[0e+1]"#, #"[0e1]"#, #"[ 4]"#, #"[-0.000000000000000000000000000000000000000001]"#,
        #"[20e1]"#, #"[-0]"#, #"[-123]"#, #"[-1]"#, #"[1E22]"#, #"[1E-2]"#, #"[1E+2]"#, #"[123e45]"#,
        #"[123.456e78]"#, #"[1e-2]"#, #"[1e+2]"#, #"[123]"#, #"[123.456789]"#, #"[1e-400]"#,
        #"{"asd":"sdf", "dfg":"fgh"}"#, #"{"asd":"sdf"}"#, #"{}"#, #"{"":0}"#, #"{"foo\u0000bar": 42}"#,
        #"{ "min": -1.0e+28, "max": 1.0e+28 }"#, #"{"x":[{"id": "xxx"}], "id": "xxx"}"#, #"{"a":[]}"#,
        "{\n\"a\": \"b\"\n}", #"{"title":"\u041f\u043e\u043b\u0442\u043e\u0440\u0430"}"#,
        #"["\u0060\u012a\u12AB"]"#, #"["\uD801\udc37"]"#, #"["\ud83d\ude39\ud83d\udc8d"]"#,
        #"["\"\\\/\b\f\n\r\t"]"#, #"["\\u0000"]"#, #"["\""]"#, #"["a/*b*/c/*d//e"]"#, #"["\\a"]"#,
        #"["\u0012"]"#, #"["\uFFFF"]"#, #"[ "asd"]"#, #"["\uDBFF\uDFFF"]"#, #"["new\u00A0line"]"#,
        #"["\u0000"]"#, #"["π"]"#, #"["𛿿"]"#, #"["asd "]"#, #"" ""#, #"["\uD834\uDd1e"]"#,
        #"["\u2028"]"#, #"["\u2029"]"#, #"["\u0061\u30af\u30EA\u30b9"]"#, #"["\u005C"]"#, #"["⍂㈴⍂"]"#,
        #"["\uD83F\uDFFE"]"#, #"["\u200B"]"#, #"["\uFDD0"]"#, #"["\uFFFE"]"#, #"["€𝄞"]"#, "[\"\u{7F}\"]",
        #""asd""#, "true", "false", "null", "2", "-0.1", "[true]", " [] ", "{\"a\":\"b\"}\r\n",
    ]

    static let rejected: [String] = [
        // Arrays
        "[1 true]", #"["": 1]"#, #"[""],"#, "[,1]", "[1,,2]", #"["x",,]"#, #"["x"]]"#, #"["",]"#, #"["x""#,
        "[x", "[3[4]]", "[1:2]", "[,]", "[-]", #"[   , ""]"#, "[\"a\",\n4\n,1,", "[1,]", "[1,,]", "[*]",
        #"[""#, "[1,", "[{}", #"["x", truth]"#,
        // Numbers
        "[++1234]", "[+1]", "[+Inf]", "[-01]", "[-1.0.]", "[-2.]", "[-NaN]", "[.-1]", "[.2e-3]", "[0.1.2]",
        "[0.3e+]", "[0.3e]", "[0.e1]", "[0E+]", "[0E]", "[0e+]", "[0e]", "[1.0e+]", "[1.0e-]", "[1.0e]",
        "[1 000.0]", "[1eE2]", "[2.e+3]", "[2.e-3]", "[2.e3]", "[9.e+]", "[Inf]", "[NaN]", "[012]", "[-012]",
        "[1.]", "[.123]", "[1e]", "[- 1]", "[-foo]", "[0x1]", "[0x42]", "[Infinity]", "[-Infinity]", "[1ea]",
        "[1.8011670033376514H-308]", "[1e400]", "[-1e400]", "[1E309]",
        // Objects
        #"{"x"::"b"}"#, #"{[: "x"}"#, #"{"a" b}"#, "{key: 'value'}", #"{"a":"a" 123}"#, "{1:1}",
        "{null:null,null:null}", #"{"id":0,,,,,}"#, "{'a':0}", #"{"id":0,}"#, #"{"a":"b"}/**/"#,
        #"{"a":"b"}//"#, #"{"a":"b"}/"#, #"{"a":"b",,"c":"d"}"#, #"{a: "b"}"#, #"{"a":"a"#,
        #"{ "foo" : "bar", "a" }"#, #"{"a":"b"}#"#, #"{"a" "b"}"#, #"{"a"}"#, #"{"a":1,}"#, #"{"":"#,
        #"{"a":/*comment*/"b"}"#, #"{"a""#, #"{"a":1,"a":2}"#,
        // Strings
        #"["\uD800\"]"#, #"["\uD800\u"]"#, #"["\uD800\u1"]"#, #"["\uD800\u1x"]"#, "[é]", "[\"\u{0}\"]",
        #"["\x00"]"#, #"["\\\"]"#, "[\"\\\t\"]", #"["\🌀"]"#, #"["\"]"#, #"["\u00A"]"#, #"["\uD834\uDd"]"#,
        #"["\uqqqq"]"#, #"[\u0020"asd"]"#, #"[\n]"#, #"""#, "['single quote']", "abc", #"["\"#,
        "[\"new\nline\"]", "[\"\t\"]", #""\UA66D""#, #"""x"#, #"["\uD800"]"#, #"["\uDC00"]"#,
        #"["\uD800\uD800"]"#, #"["\a"]"#, #"["\'"]"#,
        // Structure
        "<.>", "[<null>]", "[1]x", "[1]]", #"["asd]"#, "[True]", "1]", #"{"x": true,"#, "[][]", "]",
        "\u{FEFF}{}", "[", "", "   ", "2@", "{}}", #"{"a":1}x"#, #"{"a":true} "x""#, "[{", "['", "{", "{[",
        "{]", "[}", "\u{A0}1", "[\u{C}]", "*", "[1]/", "nul", "tru", "truth", "nulll", "1 2", "[1]\u{0}",
    ]

    static let rejectedBytes: [[UInt8]] = [
        [0x5B, 0x22, 0xE0, 0xFF, 0x22, 0x5D],          // invalid continuation
        [0x5B, 0x22, 0xFF, 0x22, 0x5D],                // byte never used in UTF-8
        [0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D],          // overlong "/"
        [0x5B, 0x22, 0xE0, 0x80, 0xAF, 0x22, 0x5D],    // overlong, three bytes
        [0x5B, 0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22, 0x5D], // overlong, four bytes
        [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D],    // UTF-8 encoded surrogate
        [0x5B, 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22, 0x5D], // above U+10FFFF
        [0x5B, 0x22, 0xE6, 0x97, 0x22, 0x5D],          // truncated sequence
        [0x5B, 0x22, 0x81, 0x22, 0x5D],                // lone continuation byte
        [0x5B, 0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22, 0x5D], // five-byte form
        [0x5B, 0xFF, 0x5D],                            // invalid UTF-8 outside strings
        [0x22, 0xE2, 0x82],                            // truncated at end of input
    ]

    @Test(arguments: accepted)
    func acceptsValidText(_ text: String) throws {
        // RFC 8259 allows U+0000 in strings; WebChatKit refuses it unless asked (`allowsNul`).
        let options = JSONParsingOptions(allowsNul: true)
        let value = try JSONValue(parsing: text, options: options)
        // Whatever was accepted must encode to text that parses back to the same value.
        #expect(try JSONValue(parsing: value.encoded(), options: options) == value)
    }

    @Test(arguments: rejected)
    func rejectsInvalidText(_ text: String) {
        #expect(throws: JSONError.self) { try JSONValue(parsing: text) }
    }

    @Test(arguments: rejectedBytes)
    func rejectsInvalidUTF8(_ bytes: [UInt8]) {
        #expect(throws: JSONError.self) { try JSONValue(parsing: bytes) }
    }
}
