import Chat
import JSON

/// Parses a request body as the API does and checks the parser against itself and the encoder:
/// the body limits (depth 32) only ever refuse more, allowing duplicate names only ever accepts
/// more, UTF-8 text parses alike from bytes and from a `String`, whatever parses is UTF-8 and
/// survives encoding and parsing again unchanged, and the body readers of the chat API take any
/// object without crashing.
enum JSONBodyFuzzing {
    /// The options `RequestReading.jsonObject()` in the App reads request bodies with.
    static let bodyOptions = JSONParsingOptions(maxDepth: 32)

    static func check(_ input: [UInt8]) throws(PropertyViolation) -> InputVerdict {
        let standard = parse(input, JSONParsingOptions())
        try checkBodyLimits(parse(input, bodyOptions), against: standard)
        try checkDuplicatesAllowed(parse(input, JSONParsingOptions(allowsDuplicateKeys: true)), against: standard)
        if !input.isEmpty, case .success = parse(input, JSONParsingOptions(maxLength: input.count - 1)) {
            throw PropertyViolation("an input longer than maxLength parsed")
        }
        let text = String(validating: input, as: UTF8.self)
        if let text {
            let fromString = Result { () throws(JSONError) in try JSONValue(parsing: text) }
            guard fromString == standard else { throw PropertyViolation("parsing the text as a String answered \(fromString), not \(standard)") }
        }
        guard case .success(let value) = standard else { return .refused }
        guard text != nil else { throw PropertyViolation("parsed text that is not UTF-8") }
        try checkRoundTrip(value)
        if case .object(let body) = value { readBodies(body) }
        return .accepted
    }

    private static func parse(_ input: [UInt8], _ options: JSONParsingOptions) -> Result<JSONValue, JSONError> {
        Result { () throws(JSONError) in try JSONValue(parsing: input, options: options) }
    }

    /// Nesting past 32 is met in reading order, so the limited parser fails there unless the
    /// standard one already failed earlier, in which case both fail alike.
    private static func checkBodyLimits(_ limited: Result<JSONValue, JSONError>, against standard: Result<JSONValue, JSONError>) throws(PropertyViolation) {
        switch (limited, standard) {
        case (.success(let value), .success(let expected)) where value == expected: return
        case (.failure(let error), .failure(let expected)) where error == expected: return
        case (.failure(let error), .success) where error.reason == .tooDeep: return
        case (.failure(let error), .failure(let expected)) where error.reason == .tooDeep && expected.offset >= error.offset: return
        default: throw PropertyViolation("the body limits changed the result: \(limited) against \(standard)")
        }
    }

    /// Until the first repeated name both parsers read alike; after it the strict one has stopped.
    private static func checkDuplicatesAllowed(_ lenient: Result<JSONValue, JSONError>, against standard: Result<JSONValue, JSONError>) throws(PropertyViolation) {
        switch (lenient, standard) {
        case (.success(let value), .success(let expected)) where value == expected: return
        case (.failure(let error), .failure(let expected)) where error == expected: return
        case (.success, .failure(let expected)) where isDuplicateKey(expected): return
        case (.failure(let error), .failure(let expected)) where isDuplicateKey(expected) && error.offset >= expected.offset: return
        default: throw PropertyViolation("allowing duplicate names changed the result: \(lenient) against \(standard)")
        }
    }

    private static func isDuplicateKey(_ error: JSONError) -> Bool {
        if case .duplicateKey = error.reason { true } else { false }
    }

    private static func checkRoundTrip(_ value: JSONValue) throws(PropertyViolation) {
        let encoded = value.encoded()
        guard case .success(let reparsed) = parse(encoded, JSONParsingOptions()) else {
            throw PropertyViolation("the encoding of \(value) does not parse")
        }
        guard reparsed == value, reparsed.encoded() == encoded else {
            throw PropertyViolation("\(value) came back from its encoding as \(reparsed)")
        }
    }

    /// The readers of `POST /chats`, `PATCH /chats/{id}`, `POST /messages` and `POST /websites`.
    private static func readBodies(_ body: JSONObject) {
        _ = try? NewChat(body: body)
        _ = try? ChatChanges(body: body)
        _ = try? NewMessage(body: body)
        _ = try? WebsiteChanges(body: body)
    }
}
