/// A parameter for, or a column from, a statement. Parameters travel as text (libpq's text
/// format), with their type given for the cases whose type is certain, so `$1 + 1` with
/// `.integer` is a bigint sum (and a function that takes only `integer`, such as
/// `pg_terminate_backend`, needs `$1::integer`). `.text` is sent untyped: the server reads it as whatever the
/// statement needs there (text, jsonb, timestamptz, uuid), as it would a quoted literal.
public enum PostgresValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case double(Double)
    case bool(Bool)
    case text(String)
}

extension PostgresValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}

/// Type OIDs of the built-in types this module reads and writes (pg_type.dat); they are fixed
/// across PostgreSQL versions.
enum TypeOID {
    static let bool: UInt32 = 16
    static let int8: UInt32 = 20
    static let int2: UInt32 = 21
    static let int4: UInt32 = 23
    static let oid: UInt32 = 26
    static let float4: UInt32 = 700
    static let float8: UInt32 = 701
    /// Zero lets the server infer the parameter's type from where it is used.
    static let unspecified: UInt32 = 0
}

extension PostgresValue {
    /// The parameter's text and type; nil text is SQL NULL.
    var parameter: (text: String?, type: UInt32) {
        switch self {
        case .null: (nil, TypeOID.unspecified)
        case .integer(let value): (String(value), TypeOID.int8)
        case .double(let value): (PostgresValue.text(of: value), TypeOID.float8)
        case .bool(let value): (value ? "t" : "f", TypeOID.bool)
        case .text(let value): (value, TypeOID.unspecified)
        }
    }

    /// Swift writes the shortest text that reads back as the same Double; PostgreSQL spells the
    /// special values its own way.
    private static func text(of value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return String(value)
    }
}
