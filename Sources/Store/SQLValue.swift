/// One SQLite value, exactly as the database stores it: SQLite has five storage classes and this
/// type has one case for each, so nothing is lost or guessed on the way in or out.
///
/// `.real(.nan)` cannot be stored: SQLite would silently turn it into NULL, so binding it throws
/// an `SQLiteError` with code `SQLITE_MISMATCH` instead.
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
