import LoadGenerator
import JSON
import Testing

@Suite struct RoundTripTests {
    /// The encoder writes any string; U+0000 reads back only where it is allowed.
    static let withNul = JSONParsingOptions(allowsNul: true)

    static let values: [JSONValue] = [
        nil, true, false, 0, 1, -1, .int(.max), .int(.min),
        0.5, -2.25, 1e-5, 1e20, 1e300, 1e-300, .double(0.1 + 0.2), .double(.pi),
        .double(.greatestFiniteMagnitude), .double(-.greatestFiniteMagnitude),
        .double(.leastNonzeroMagnitude), .double(.leastNormalMagnitude), 9007199254740993.0, 5.0,
        "", "plain", "é 中文 😀 \u{10FFFF}", "e\u{301}", "\"\\/\u{8}\u{C}\n\r\t", "\u{0}\u{1F}\u{7F}",
        "\u{2028}\u{2029}", "</script>",
        [], [:], [[[]]], [1, "two", 3.0, nil, [false]],
        ["z": 1, "a": ["nested": [1, 2, ["deep": nil]]], "": "empty key", "é": "\u{2028}"],
        ["e\u{301}": 1, "\u{E9}": 2],
    ]

    @Test(arguments: values)
    func parseOfEncodeIsIdentity(_ value: JSONValue) throws {
        let encoded = value.encoded()
        let decoded = try JSONValue(parsing: encoded, options: Self.withNul)
        #expect(decoded == value)
        // Byte-identical re-encoding also proves member order and number forms survived.
        #expect(decoded.encoded() == encoded)
    }

    @Test func negativeZeroKeepsItsSign() throws {
        let decoded = try JSONValue(parsing: JSONValue.double(-0.0).encoded())
        guard case .double(let number) = decoded else {
            Issue.record("-0.0 came back as \(decoded)")
            return
        }
        #expect(number.sign == .minus)
    }

    @Test func deepNestingRoundTripsWithARaisedLimit() throws {
        var value: JSONValue = "leaf"
        for level in 0..<500 {
            value = level.isMultiple(of: 2) ? [value] : ["k": value]
        }
        let options = JSONParsingOptions(maxDepth: 500)
        #expect(try JSONValue(parsing: value.encoded(), options: options) == value)
        #expect(throws: JSONError(.tooDeep, at: 64 * 3)) { try JSONValue(parsing: value.encoded()) }
    }

    @Test func randomValuesRoundTrip() throws {
        var generator = SplitMix64(seed: 0x5EED_1234)
        for _ in 0..<3_000 {
            let value = RandomValues.value(depth: 4, using: &generator)
            let encoded = value.encoded()
            let decoded = try JSONValue(parsing: encoded, options: Self.withNul)
            #expect(decoded == value, "\(value)")
            #expect(decoded.encoded() == encoded)
        }
    }
}


enum RandomValues {
    /// Characters chosen to exercise every escaping path and every UTF-8 length.
    private static let characters: [Character] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1F}", "\u{7F}",
        "é", "ß", "中", "€", "\u{2028}", "\u{2029}", "\u{2027}", "😀", "\u{10FFFF}", "e\u{301}", "\u{FEFF}",
    ]

    static func value(depth: Int, using generator: inout SplitMix64) -> JSONValue {
        let kind = Int.random(in: 0..<(depth > 0 ? 9 : 7), using: &generator)
        switch kind {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .int(Int.random(in: .min ... .max, using: &generator))
        case 3: return .int(Int.random(in: -1000...1000, using: &generator))
        case 4: return .double(double(using: &generator))
        case 5, 6: return .string(string(using: &generator))
        case 7:
            let count = Int.random(in: 0...5, using: &generator)
            return .array((0..<count).map { _ in value(depth: depth - 1, using: &generator) })
        default:
            let count = Int.random(in: 0...5, using: &generator)
            return .object(JSONObject((0..<count).map { _ in
                (key: string(using: &generator), value: value(depth: depth - 1, using: &generator))
            }))
        }
    }

    private static func double(using generator: inout SplitMix64) -> Double {
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            // Any finite bit pattern, including subnormals and -0.
            while true {
                let candidate = Double(bitPattern: generator.next())
                if candidate.isFinite { return candidate }
            }
        case 1:
            return Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 100
        default:
            return Double.random(in: -1e6...1e6, using: &generator)
        }
    }

    private static func string(using generator: inout SplitMix64) -> String {
        let length = Int.random(in: 0...8, using: &generator)
        return String((0..<length).map { _ in characters.randomElement(using: &generator)! })
    }
}
