import JSON

extension ChatFilter {
    /// The filter of REST query parameters, already percent-decoded, in order. Every name is a
    /// filter (the caller takes out `limit`, `cursor` and `order` first); a repeated name adds
    /// another condition.
    public init(parameters: [(name: String, value: String)]) throws(FilterError) {
        try self.init(parameters.lazy.map { Parameter(name: $0.name, value: .query($0.value)) })
    }

    /// The WebSocket form, whose values are typed by their JSON:
    /// `{"status": "open", "metadata__project_id": 123, "priority__in": [1, 2]}`. An `in` list may
    /// also be comma-separated text (`"1,2"`), typed like a query value.
    public init(json: JSONObject) throws(FilterError) {
        try self.init(json.lazy.map { Parameter(name: $0.key, value: .json($0.value)) })
    }

    private init(_ parameters: some Sequence<Parameter>) throws(FilterError) {
        var conditions: [FilterCondition] = []
        for parameter in parameters {
            guard conditions.count < FilterLimits.conditions else {
                throw parameter.refuse("a filter holds at most \(FilterLimits.conditions) conditions")
            }
            conditions.append(try FilterCondition(parameter))
        }
        self.init(conditions: conditions)
    }
}

extension FilterCondition {
    init(_ parameter: Parameter) throws(FilterError) {
        let name = try ParameterName(parameter.name)
        switch name.target {
        case .field(let field):
            self = .field(field, try FieldLookup(name.lookup, on: field, from: parameter))
        case .metadata(let path):
            self = .metadata(path, try Lookup(name.lookup, from: parameter))
        }
    }
}
