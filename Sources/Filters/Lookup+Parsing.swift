extension Lookup {
    /// The lookup `name` on a metadata value, with the parameter's value read in the lookup's shape.
    init(_ name: LookupName, from parameter: Parameter) throws(FilterError) {
        switch name {
        case .equals:
            self = .equals(try parameter.scalar())
        case .compare(let comparison):
            switch try parameter.scalar() {
            case .number(let number, _): self = .compare(comparison, .number(number))
            case .string(let string): self = .compare(comparison, .string(string))
            case .null, .bool: throw parameter.refuse("\(comparison.rawValue) compares with a number or a string")
            }
        case .contains:
            self = .contains(try parameter.scalar())
        case .containsIgnoringCase:
            self = .containsIgnoringCase(try parameter.scalar().text)
        case .oneOf:
            self = .oneOf(try parameter.list())
        case .isNull:
            self = .isNull(try parameter.flag())
        }
    }
}
