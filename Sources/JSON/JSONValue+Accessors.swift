extension JSONValue {
    /// The string, or nil for any other kind of value.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number as an exact `Int`: `.int`, or a `.double` that is integral and in range, because
    /// senders are free to write `3.0` or `3e0` where an integer is meant.
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value): return Int(exactly: value)
        default: return nil
        }
    }

    /// Any number as a `Double` (large `.int` values round to the nearest `Double`).
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The boolean, or nil for any other kind of value (no truthiness of numbers or strings).
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, or nil for any other kind of value.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, or nil for any other kind of value.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is JSON `null`, which is distinct from a member being absent.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key`; nil when the value is not an object or has no such member, so that
    /// lookups chain without unwrapping at every level.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}
