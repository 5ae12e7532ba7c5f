import JSON
import Testing

/// What accepted input turns into.
@Suite struct ParsedValueTests {
    @Test func scalars() throws {
        #expect(try JSONValue(parsing: "null") == .null)
        #expect(try JSONValue(parsing: " true ") == .bool(true))
        #expect(try JSONValue(parsing: "false") == .bool(false))
        #expect(try JSONValue(parsing: #""hi""#) == .string("hi"))
    }

    @Test func integersThatFitStayExact() throws {
        #expect(try JSONValue(parsing: "0") == .int(0))
        #expect(try JSONValue(parsing: "-7") == .int(-7))
        #expect(try JSONValue(parsing: "9223372036854775807") == .int(.max))
        #expect(try JSONValue(parsing: "-9223372036854775808") == .int(.min))
    }

    @Test func integersBeyondIntBecomeDoubles() throws {
        #expect(try JSONValue(parsing: "9223372036854775808") == .double(9223372036854775808))
        #expect(try JSONValue(parsing: "-9223372036854775809") == .double(-9.223372036854775808e18))
        #expect(try JSONValue(parsing: "123456789012345678901234567890") == .double(1.2345678901234568e29))
    }

    @Test func fractionsAndExponentsAreDoubles() throws {
        #expect(try JSONValue(parsing: "1.0") == .double(1))
        #expect(try JSONValue(parsing: "1E2") == .double(100))
        #expect(try JSONValue(parsing: "1e-2") == .double(0.01))
        #expect(try JSONValue(parsing: "-1.5e+3") == .double(-1500))
        #expect(try JSONValue(parsing: "0.1") == .double(0.1))
        #expect(try JSONValue(parsing: "1.7976931348623157e308") == .double(.greatestFiniteMagnitude))
        #expect(try JSONValue(parsing: "5e-324") == .double(.leastNonzeroMagnitude))
        #expect(try JSONValue(parsing: "1e-400") == .double(0))
    }

    @Test func negativeZeroIsADoubleWithItsSign() throws {
        for text in ["-0", "-0.0", "-0e3"] {
            let value = try JSONValue(parsing: text)
            guard case .double(let number) = value else {
                Issue.record("\(text) parsed as \(value)")
                continue
            }
            #expect(number == 0 && number.sign == .minus)
        }
        #expect(try JSONValue(parsing: "0") == .int(0))
    }

    @Test func escapesDecode() throws {
        #expect(try JSONValue(parsing: #""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{C}\n\r\t"))
        #expect(try JSONValue(parsing: #""\u00e9\u00C9""#) == .string("éÉ"))
        #expect(try JSONValue(parsing: #""\uD83D\uDE00""#) == .string("😀"))
        #expect(try JSONValue(parsing: #""\udbff\udfff""#) == .string("\u{10FFFF}"))
        #expect(try JSONValue(parsing: #""a\u0000b""#, options: JSONParsingOptions(allowsNul: true)) == .string("a\u{0}b"))
        // No text WebChatKit keeps may hold U+0000 (PostgreSQL's text cannot): refused by default.
        #expect(throws: JSONError(.nul, at: 2)) { try JSONValue(parsing: #""a\u0000b""#) }
        #expect(try JSONValue(parsing: #""x\u2028y""#) == .string("x\u{2028}y"))
        #expect(try JSONValue(parsing: #""mixed é \n 😀 tail""#) == .string("mixed é \n 😀 tail"))
    }

    @Test func rawUnicodeIsKept() throws {
        #expect(try JSONValue(parsing: "\"héllo 😀 \u{7F}\"") == .string("héllo 😀 \u{7F}"))
        // Decomposed text stays decomposed: the bytes are taken as they are.
        let decomposed = try #require(try JSONValue(parsing: "\"e\u{301}\"").stringValue)
        #expect(Array(decomposed.utf8) == [0x65, 0xCC, 0x81])
    }

    @Test func inputFormsAgree() throws {
        let text = #"{"a":[1,2.5,"x\n",null,true,{}]}"#
        let fromString = try JSONValue(parsing: text)
        let fromBytes = try JSONValue(parsing: Array(text.utf8))
        let fromRaw = try Array(text.utf8).withUnsafeBytes { raw in try JSONValue(parsing: raw) }
        #expect(fromString == fromBytes)
        #expect(fromString == fromRaw)
        #expect(fromString == ["a": [1, 2.5, "x\n", nil, true, [:]]])
    }

    @Test func objectMembersKeepDocumentOrder() throws {
        let value = try JSONValue(parsing: #"{"z":1,"a":2,"m":{"y":0,"b":0},"c":3}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["z", "a", "m", "c"])
        #expect(value["m"]?.objectValue?.keys == ["y", "b"])
        #expect(value.jsonText == #"{"z":1,"a":2,"m":{"y":0,"b":0},"c":3}"#)
    }

    @Test func duplicateKeysAllowedByOptionKeepTheLastValue() throws {
        let options = JSONParsingOptions(allowsDuplicateKeys: true)
        let value = try JSONValue(parsing: #"{"a":1,"b":2,"\u0061":3}"#, options: options)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
    }

    @Test func sameKeyInDifferentObjectsIsNotADuplicate() throws {
        let value = try JSONValue(parsing: #"[{"x":1},{"x":2,"o":{"x":3}}]"#)
        #expect(value.arrayValue?.count == 2)
    }

    @Test func canonicallyEquivalentKeysAreDistinctMembers() throws {
        let value = try JSONValue(parsing: "{\"\u{E9}\":1,\"e\u{301}\":2}")
        let object = try #require(value.objectValue)
        #expect(object.count == 2)
        #expect(object["\u{E9}"] == 1)
        #expect(object["e\u{301}"] == 2)
    }

    @Test func largeObjectsParse() throws {
        let members = (0..<500).map { #""key\#($0)":\#($0)"# }.joined(separator: ",")
        let value = try JSONValue(parsing: "{" + members + "}")
        let object = try #require(value.objectValue)
        #expect(object.count == 500)
        #expect(object["key0"] == 0)
        #expect(object["key499"] == 499)
        #expect(object.keys.first == "key0" && object.keys.last == "key499")
    }
}
