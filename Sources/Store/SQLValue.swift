/// One value bound to a statement or read from a row, on every backend. The cases are SQLite's
/// five storage classes, so nothing is lost or guessed there; PostgreSQL maps each onto its
/// types (`int8`, an exact `numeric` for a real, `text`, `bytea`).
///
/// `.real(.nan)` and the infinities cannot be stored: SQLite would silently turn NaN into NULL
/// and a `numeric` holds neither, so binding one throws instead.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByFloatLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
}
