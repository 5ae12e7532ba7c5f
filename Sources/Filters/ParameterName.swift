/// The lookup named by a parameter's last `__` part; no suffix means equality.
enum LookupName: Equatable {
    case equals
    case compare(Comparison)
    case contains
    case containsIgnoringCase
    case oneOf
    case isNull

    /// The lookup a suffix names, or nil when it names none (and so, after `metadata__`, is a key).
    init?(suffix: some StringProtocol) {
        switch suffix {
        case "contains": self = .contains
        case "icontains": self = .containsIgnoringCase
        case "in": self = .oneOf
        case "isnull": self = .isNull
        default:
            guard let comparison = Comparison(rawValue: String(suffix)) else { return nil }
            self = .compare(comparison)
        }
    }

    /// The suffix as a client writes it, for error messages.
    var suffix: String {
        switch self {
        case .equals: "(equality)"
        case .compare(let comparison): comparison.rawValue
        case .contains: "contains"
        case .containsIgnoringCase: "icontains"
        case .oneOf: "in"
        case .isNull: "isnull"
        }
    }
}

/// What a parameter name asks for: a standard field or a metadata path, and a lookup.
///
/// `status`, `priority__gte`, `metadata__owner__team`, `metadata__tags__contains`: the name splits
/// on `__`; after `metadata` the last part is a lookup when it is one of the lookup names and a key
/// otherwise.
struct ParameterName {
    enum Target {
        case field(ChatField)
        case metadata(MetadataPath)
    }

    let target: Target
    let lookup: LookupName

    init(_ name: String) throws(FilterError) {
        func refuse(_ message: String) -> FilterError { FilterError(parameter: name, message: message) }

        var parts = name.split(separator: "__", omittingEmptySubsequences: false)
        let head = parts.removeFirst()
        guard head == "metadata" else {
            guard let field = ChatField(rawValue: String(head)) else {
                throw refuse("unknown filter field \"\(head)\"; use one of \(Self.fieldList) or metadata__<key>")
            }
            target = .field(field)
            if parts.isEmpty {
                lookup = .equals
            } else {
                guard parts.count == 1, let named = LookupName(suffix: parts[0]) else {
                    throw refuse("unknown lookup \"\(parts.joined(separator: "__"))\" on \(field.rawValue)")
                }
                lookup = named
            }
            return
        }

        if let last = parts.last, let named = LookupName(suffix: last) {
            lookup = named
            parts.removeLast()
        } else {
            lookup = .equals
        }
        guard !parts.isEmpty else { throw refuse("a metadata filter needs at least one key: metadata__<key>") }
        guard parts.count <= FilterLimits.pathDepth else {
            throw refuse("a metadata path is at most \(FilterLimits.pathDepth) keys deep")
        }
        for key in parts {
            if let problem = MetadataPath.problem(withKey: key) { throw refuse(problem) }
        }
        target = .metadata(MetadataPath(validatedKeys: parts.map(String.init)))
    }

    private static let fieldList = ChatField.allCases.map(\.rawValue).joined(separator: ", ")
}
