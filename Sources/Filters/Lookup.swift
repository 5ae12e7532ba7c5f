/// The order comparisons `gt`, `gte`, `lt`, `lte`.
public enum Comparison: String, Sendable, CaseIterable {
    case greaterThan = "gt"
    case greaterThanOrEqual = "gte"
    case lessThan = "lt"
    case lessThanOrEqual = "lte"

    /// The SQL operator.
    var sqlOperator: String {
        switch self {
        case .greaterThan: ">"
        case .greaterThanOrEqual: ">="
        case .lessThan: "<"
        case .lessThanOrEqual: "<="
        }
    }

    /// Whether `order` (the compared value's order relative to the bound) satisfies the comparison.
    func accepts(_ order: Order) -> Bool {
        switch self {
        case .greaterThan: order == .after
        case .greaterThanOrEqual: order != .before
        case .lessThan: order == .before
        case .lessThanOrEqual: order != .after
        }
    }

    enum Order {
        case before, same, after
    }
}

/// What a range compares with: numbers compare as numbers, strings by their UTF-8 bytes.
public enum RangeBound: Sendable, Equatable {
    case number(ExactNumber)
    case string(String)
}

/// The test a condition applies to a metadata value (and, through `FieldLookup`, to a standard
/// field). The in-memory evaluator gives each case its meaning; the SQL compiler reproduces it.
public enum Lookup: Sendable, Equatable {
    /// Null equals null, a boolean the same boolean, a string the same bytes; a number equals an
    /// equal number or a string that spells one (`123` matches `123` and `"123"`).
    case equals(FilterValue)
    /// A number (or a string spelling one) against a number bound, a string against a string bound.
    case compare(Comparison, RangeBound)
    /// A string holding the value's text, or an array with an element that `equals` the value.
    case contains(FilterValue)
    /// A string, or a string element of an array, holding the text with ASCII letters compared
    /// without case (like SQLite's `lower()`, which leaves other letters alone).
    case containsIgnoringCase(String)
    /// Equals any of the values.
    case oneOf([FilterValue])
    /// `true`: the value is absent or null; `false`: it is present and not null.
    case isNull(Bool)
}

/// The lookups a standard field supports; each compiles to a plain column comparison.
public enum FieldLookup: Sendable, Equatable {
    case equals(FilterValue)
    case compare(Comparison, ExactNumber)
    case oneOf([FilterValue])
    case isNull(Bool)

    /// The same test as a general lookup: a standard field is evaluated like a metadata value of
    /// its type, so one evaluator defines both.
    var asLookup: Lookup {
        switch self {
        case .equals(let value): .equals(value)
        case .compare(let comparison, let bound): .compare(comparison, .number(bound))
        case .oneOf(let values): .oneOf(values)
        case .isNull(let isNull): .isNull(isNull)
        }
    }
}
