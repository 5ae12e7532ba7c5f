import Store

/// A number as filters compare it: an integer kept exactly over the whole 64-bit range, or a
/// double for anything with a fraction, an exponent, or beyond `Int64`.
///
/// Comparing through `Double` alone made `1234567890123456789` and `1234567890123456790` the
/// same project (both round to one double), so a scope on one let its holder read the other
/// (issue 13). Integers and doubles compare by their exact mathematical values, the way SQLite
/// compares an INTEGER with a REAL (`sqlite3IntFloatCompare`), which is what keeps the in-memory
/// evaluator and the metadata index's `num` column (type ANY since schema 5) in agreement.
/// `==` is that numeric equality: `1000` equals `1e3`.
public enum ExactNumber: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    case integer(Int64)
    /// Always finite.
    case double(Double)

    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }

    /// The number as SQLite stores and compares it: INTEGER or REAL.
    var sqlValue: SQLValue {
        switch self {
        case .integer(let integer): .integer(integer)
        case .double(let double): .real(double)
        }
    }

    /// The integer this number is exactly, or nil when it has a fraction or is beyond `Int64`.
    var integerValue: Int64? {
        switch self {
        case .integer(let integer):
            return integer
        case .double(let double):
            guard double.rounded(.towardZero) == double, double >= -0x1p63, double < 0x1p63 else { return nil }
            return Int64(double)
        }
    }

    /// Whether the number has no fraction (`1e20` has none, though it is beyond `Int64`).
    var isIntegral: Bool {
        switch self {
        case .integer: true
        case .double(let double): double.rounded(.towardZero) == double
        }
    }

    public static func == (lhs: ExactNumber, rhs: ExactNumber) -> Bool {
        lhs.order(relativeTo: rhs) == .same
    }

    /// This number's exact order relative to `other`.
    func order(relativeTo other: ExactNumber) -> Comparison.Order {
        switch (self, other) {
        case (.integer(let lhs), .integer(let rhs)):
            return lhs < rhs ? .before : lhs > rhs ? .after : .same
        case (.double(let lhs), .double(let rhs)):
            return lhs < rhs ? .before : lhs > rhs ? .after : .same
        case (.integer(let integer), .double(let double)):
            return Self.order(of: integer, relativeTo: double)
        case (.double(let double), .integer(let integer)):
            return Self.order(of: integer, relativeTo: double).reversed
        }
    }

    /// An integer against a finite double, exactly: the double's integral part is an exact
    /// `Int64` inside the range, and its fractional part decides a tie.
    private static func order(of integer: Int64, relativeTo double: Double) -> Comparison.Order {
        if double < -0x1p63 { return .after }
        if double >= 0x1p63 { return .before }
        let whole = double.rounded(.towardZero)
        let truncated = Int64(whole)
        if integer < truncated { return .before }
        if integer > truncated { return .after }
        let fraction = double - whole  // exact: a double's fractional part is itself a double
        return fraction > 0 ? .before : fraction < 0 ? .after : .same
    }
}

extension Comparison.Order {
    var reversed: Comparison.Order {
        switch self {
        case .before: .after
        case .same: .same
        case .after: .before
        }
    }
}
