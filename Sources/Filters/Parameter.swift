import JSON

/// One parameter of a filter as it arrived, before typing: its name (kept for error messages) and
/// its value, either query text or WebSocket JSON. The lookup decides which shape it reads the
/// value as: one scalar, a list, or a true/false flag.
///
/// Both forms mean the same (contract §6): a JSON string is read exactly like query text
/// (`"5"` is the number 5, `"true"` the boolean, `"null"` null), and a JSON number, boolean or
/// null is the value its query text would spell. So a client's filter selects the same chats
/// over the WebSocket and over polling.
struct Parameter {
    enum Value {
        case query(String)
        case json(JSONValue)
    }

    let name: String
    let value: Value

    func refuse(_ message: String) -> FilterError {
        FilterError(parameter: name, message: message)
    }

    /// The value as one scalar.
    func scalar() throws(FilterError) -> FilterValue {
        switch value {
        case .query(let text), .json(.string(let text)):
            return try typed(text)
        case .json(let json):
            return try jsonScalar(json)
        }
    }

    /// The value as one scalar typed by its JSON alone, a string staying a string (`"null"` is
    /// text, not null): a token's scope, which a signed JSON document states exactly.
    func exactScalar() throws(FilterError) -> FilterValue {
        guard case .json(let json) = value else { return try scalar() }
        let scalar = try jsonScalar(json)
        if case .string(let string) = scalar, string.utf8.count > FilterLimits.valueBytes { throw tooLong() }
        return scalar
    }

    private func jsonScalar(_ json: JSONValue) throws(FilterError) -> FilterValue {
        guard let scalar = FilterValue(json: json) else {
            throw refuse("expected a single value, not \(json.arrayValue == nil ? "an object" : "an array")")
        }
        return scalar
    }

    /// The value as the list of an `in` lookup: comma-separated text, or (WebSocket) a JSON array
    /// of scalars or a lone scalar (`5` is the list `5`, as in a query). An array's string element holding a comma is refused: the same list as query
    /// text would be two values, so the element has no meaning both forms share.
    func list() throws(FilterError) -> [FilterValue] {
        switch value {
        case .query(let text):
            return try commaSeparated(text)
        case .json(.string(let text)):
            return try commaSeparated(text)
        case .json(.array(let elements)):
            guard !elements.isEmpty else { throw refuse("an in list needs at least one value") }
            guard elements.count <= FilterLimits.listValues else { throw tooManyValues() }
            return try elements.map { element throws(FilterError) in
                if case .string(let text) = element {
                    guard !text.utf8.contains(UInt8(ascii: ",")) else {
                        throw refuse("an in list value cannot hold a comma (in query text it would be two values)")
                    }
                    return try typed(text)
                }
                guard let scalar = FilterValue(json: element) else { throw refuse("an in list holds only single values") }
                return scalar
            }
        case .json(.object):
            throw refuse("expected a list of values: an array or comma-separated text")
        case .json(let scalar):
            // A lone number, boolean or null is the one-value list its query text would be.
            return [try jsonScalar(scalar)]
        }
    }

    /// The value as `true` or `false`, nothing else.
    func flag() throws(FilterError) -> Bool {
        switch value {
        case .query("true"), .json(.bool(true)), .json(.string("true")): return true
        case .query("false"), .json(.bool(false)), .json(.string("false")): return false
        case .query, .json: throw refuse("expected true or false")
        }
    }

    /// Splits at every comma byte (a comma followed by a combining mark is still a comma), one
    /// element at a time, so a hostile list is refused at its 101st element.
    private func commaSeparated(_ text: String) throws(FilterError) -> [FilterValue] {
        var values: [FilterValue] = []
        var rest = Substring(text).utf8
        while true {
            guard values.count < FilterLimits.listValues else { throw tooManyValues() }
            guard let comma = rest.firstIndex(of: UInt8(ascii: ",")) else {
                values.append(try typed(Substring(rest)))
                return values
            }
            values.append(try typed(Substring(rest[..<comma])))
            rest = rest[rest.index(after: comma)...]
        }
    }

    private func typed(_ text: some StringProtocol) throws(FilterError) -> FilterValue {
        guard text.utf8.count <= FilterLimits.valueBytes else { throw tooLong() }
        return FilterValue(queryText: text)
    }

    private func tooLong() -> FilterError {
        refuse("a value is longer than \(FilterLimits.valueBytes) bytes")
    }

    private func tooManyValues() -> FilterError {
        refuse("an in list holds at most \(FilterLimits.listValues) values")
    }
}
