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

/// Type OIDs of the built-in types (pg_type.dat); they are fixed across PostgreSQL versions, so a
/// caller can read a column by its type (`PostgresResult.typeOID`) or type a parameter with them.
public enum TypeOID {
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    /// `"char"`, the one-byte internal type (not `char(n)`, which is `bpchar`).
    public static let char: UInt32 = 18
    public static let name: UInt32 = 19
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let oid: UInt32 = 26
    public static let json: UInt32 = 114
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let bpchar: UInt32 = 1042
    public static let varchar: UInt32 = 1043
    public static let numeric: UInt32 = 1700
    public static let jsonb: UInt32 = 3802
    /// Zero lets the server infer the parameter's type from where it is used.
    public static let unspecified: UInt32 = 0
}

/// A parameter as libpq sends it: its text (nil for SQL NULL) and the type the server reads it as.
/// `PostgresValue` picks both for its cases; a caller that needs other types (bytea, text typed
/// as text rather than inferred) builds one directly.
public struct PostgresParameter: Sendable, Hashable {
    public let text: String?
    public let type: UInt32

    public init(text: String?, type: UInt32) {
        self.text = text
        self.type = type
    }

    /// `bytes` as a `bytea` in its hex text form (`\x0aff`).
    public static func bytea(_ bytes: [UInt8]) -> PostgresParameter {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        hex.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return PostgresParameter(text: String(decoding: hex, as: UTF8.self), type: TypeOID.bytea)
    }
}

extension PostgresValue {
    /// The parameter's text and type.
    var parameter: PostgresParameter {
        switch self {
        case .null: PostgresParameter(text: nil, type: TypeOID.unspecified)
        case .integer(let value): PostgresParameter(text: String(value), type: TypeOID.int8)
        case .double(let value): PostgresParameter(text: PostgresValue.text(of: value), type: TypeOID.float8)
        case .bool(let value): PostgresParameter(text: value ? "t" : "f", type: TypeOID.bool)
        case .text(let value): PostgresParameter(text: value, type: TypeOID.unspecified)
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
