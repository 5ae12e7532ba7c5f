extension ChatFilter {
    /// The only strings `field` can hold in a chat this filter matches, when a condition pins it
    /// (`chat_id=…`, `visitor_id=…`, `chat_id__in=…`); nil when the filter leaves it open.
    ///
    /// Routing uses it to look, for each event, only at the connections that can receive it.
    /// It may say too little but never too much: only string equality and lists of strings pin
    /// (a number compares with a string that spells it, so it does not), several pinning
    /// conditions intersect, and every other condition is left to `matches`.
    public func pinnedValues(of field: ChatField) -> Set<String>? {
        var pinned: Set<String>?
        for condition in conditions {
            guard case .field(field, let lookup) = condition, let values = Self.strings(lookup) else { continue }
            pinned = pinned.map { $0.intersection(values) } ?? values
        }
        return pinned
    }

    private static func strings(_ lookup: FieldLookup) -> Set<String>? {
        switch lookup {
        case .equals(.string(let value)):
            return [value]
        case .oneOf(let values):
            var strings: Set<String> = []
            for value in values {
                guard case .string(let string) = value else { return nil }
                strings.insert(string)
            }
            return strings
        default:
            return nil
        }
    }
}
