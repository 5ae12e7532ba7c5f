import JSON

extension ChatFilter {
    /// The filter a token's `scope` claim imposes: `{"metadata": {"project_id": 123, "owner":
    /// {"team": "core"}}}` becomes `metadata__project_id=123` AND `metadata__owner__team=core`,
    /// one equality per leaf, typed by its JSON.
    ///
    /// A scope narrows what a principal sees, so anything that could narrow less than its author
    /// meant is refused rather than guessed at: arrays, empty objects (an empty scope included),
    /// members other than `metadata`, and keys that no filter could name. Every error names the
    /// parameter `"scope"`.
    public init(scope: JSONObject) throws(FilterError) {
        guard !scope.isEmpty else { throw Self.scopeError("a scope must narrow something; it is empty") }
        var conditions: [FilterCondition] = []
        for member in scope {
            guard member.key == "metadata" else {
                throw Self.scopeError("unknown scope member \(JSONValue.string(member.key).jsonText); only metadata is supported")
            }
            guard case .object(let metadata) = member.value else { throw Self.scopeError("the scope's metadata must be an object") }
            try Self.collectEqualities(in: metadata, under: nil, into: &conditions)
        }
        self.init(conditions: conditions)
    }

    private static func collectEqualities(
        in object: JSONObject,
        under parent: MetadataPath?,
        into conditions: inout [FilterCondition]
    ) throws(FilterError) {
        let place = parent.map { "metadata.\($0.text)" } ?? "metadata"
        guard !object.isEmpty else { throw scopeError("\(place) is an empty object, which narrows nothing") }
        guard (parent?.keys.count ?? 0) < FilterLimits.pathDepth else {
            throw scopeError("\(place) nests deeper than \(FilterLimits.pathDepth) keys")
        }
        for member in object {
            if let problem = MetadataPath.problem(withKey: member.key) {
                throw scopeError("\(problem): \(JSONValue.string(member.key).jsonText) in \(place)")
            }
            let path = parent?.appending(validatedKey: member.key) ?? MetadataPath(validatedKeys: [member.key])
            switch member.value {
            case .object(let nested):
                try collectEqualities(in: nested, under: path, into: &conditions)
            case .array:
                throw scopeError("metadata.\(path.text) is an array; a scope holds only single values")
            default:
                guard conditions.count < FilterLimits.conditions else {
                    throw scopeError("a scope holds at most \(FilterLimits.conditions) values")
                }
                let parameter = Parameter(name: "scope", value: .json(member.value))
                conditions.append(.metadata(path, .equals(try parameter.exactScalar())))
            }
        }
    }

    private static func scopeError(_ message: String) -> FilterError {
        FilterError(parameter: "scope", message: message)
    }
}
