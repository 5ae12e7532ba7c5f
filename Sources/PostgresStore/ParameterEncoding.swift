import Glibc
import Postgres
import Store

extension SQLValue {
    /// The value as a PostgreSQL parameter. Integers and text carry their types, so `? + 1` or
    /// `? || 'x'` mean what they do in SQLite. A real goes as a `numeric` holding the double's
    /// exact value (`exactDecimal`), so it compares with integers and integer columns by exact
    /// value, as SQLite compares an INTEGER with a REAL: `1.2345678901234568e18` is
    /// 1234567890123456768, not the 1234567890123456800 its shortest text spells, and
    /// `priority > 1e20` compares a `bigint` column instead of failing to read 1e20 as one. NaN and
    /// the infinities have no place in a `numeric` and SQLite cannot store NaN either, so they
    /// are refused rather than guessed.
    func parameter() throws(PostgresError) -> PostgresParameter {
        switch self {
        case .null:
            return PostgresParameter(text: nil, type: TypeOID.unspecified)
        case .integer(let value):
            return PostgresParameter(text: String(value), type: TypeOID.int8)
        case .real(let value):
            guard value.isFinite else { throw PostgresError(message: "a real parameter must be finite, not \(value)") }
            return PostgresParameter(text: Self.exactDecimal(value), type: TypeOID.numeric)
        case .text(let value):
            return PostgresParameter(text: value, type: TypeOID.text)
        case .blob(let bytes):
            return .bytea(bytes)
        }
    }

    /// Every finite double is a finite decimal; glibc's `printf` writes it exactly. 1074
    /// fractional digits hold the smallest subnormal (2^-1074); trailing zeros are dropped.
    static func exactDecimal(_ value: Double) -> String {
        let integral = value == value.rounded(.towardZero)
        // At most 309 integer digits, a sign, a point and 1074 fractional digits.
        let capacity = 1400
        var text = withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let written = withVaList([value == 0 ? 0.0 : value]) { arguments in
                vsnprintf(buffer.baseAddress, capacity, integral ? "%.0f" : "%.1074f", arguments)
            }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(min(written, Int32(capacity - 1)))),
                          as: UTF8.self)
        }
        if !integral { while text.last == "0" { text.removeLast() } }
        return text
    }
}
