import JSON

extension ChatFilter {
    /// Whether `chat` meets every condition. This evaluator is the definition of each lookup;
    /// the SQL compiler is tested against it.
    public func matches(_ chat: FilterableChat) -> Bool {
        conditions.allSatisfy { $0.matches(chat) }
    }
}

extension FilterCondition {
    func matches(_ chat: FilterableChat) -> Bool {
        switch self {
        case .field(let field, let lookup): lookup.asLookup.matches(chat.value(of: field))
        case .metadata(let path, let lookup): lookup.matches(chat.metadataValue(at: path))
        }
    }
}

extension Lookup {
    /// Whether the value (nil when absent) passes this lookup.
    func matches(_ value: JSONValue?) -> Bool {
        switch self {
        case .isNull(let isNull):
            return (value?.isNullForFilters ?? true) == isNull
        case .equals(let expected):
            return value?.equals(expected) ?? false
        case .oneOf(let candidates):
            guard let value else { return false }
            return candidates.contains { value.equals($0) }
        case .compare(let comparison, let bound):
            guard let order = value?.order(relativeTo: bound) else { return false }
            return comparison.accepts(order)
        case .contains(let needle):
            switch value {
            case .string(let string)?: return ByteText.contains(string, needle.text)
            case .array(let elements)?: return elements.contains { $0.equals(needle) }
            default: return false
            }
        case .containsIgnoringCase(let needle):
            switch value {
            case .string(let string)?:
                return ByteText.containsIgnoringASCIICase(string, needle)
            case .array(let elements)?:
                return elements.contains { element in
                    element.stringValue.map { ByteText.containsIgnoringASCIICase($0, needle) } ?? false
                }
            default:
                return false
            }
        }
    }
}

extension JSONValue {
    /// Equality as filters define it (see `Lookup.equals`): arrays and objects equal no scalar.
    func equals(_ expected: FilterValue) -> Bool {
        switch (expected, self) {
        case (.null, _): isNullForFilters
        case (.bool(let wanted), .bool(let flag)): wanted == flag
        case (.number(let wanted, _), _): numericValue.map { $0 == wanted } ?? false
        case (.string(let wanted), .string(let string)): ByteText.equal(string, wanted)
        default: false
        }
    }

    /// This value's order relative to `bound`, or nil when the two do not compare.
    func order(relativeTo bound: RangeBound) -> Comparison.Order? {
        switch (bound, self) {
        case (.number(let limit), _):
            return numericValue?.order(relativeTo: limit)
        case (.string(let limit), .string(let string)):
            return ByteText.order(of: string, relativeTo: limit)
        case (.string, _):
            return nil
        }
    }

    /// Null, or a number that is not finite: JSON has no spelling for infinity or NaN, so such a
    /// number is stored (and indexed) as null, and filters see it as the null it will be.
    var isNullForFilters: Bool {
        switch self {
        case .null: true
        case .double(let number): !number.isFinite
        default: false
        }
    }

    /// A number, or a string that spells one: what numeric lookups compare, integers exactly.
    var numericValue: ExactNumber? {
        switch self {
        case .int(let integer): .integer(Int64(integer))
        case .double(let number): number.isFinite ? .double(number) : nil
        case .string(let string): NumericText.value(of: string)
        default: nil
        }
    }
}
