import Postgres
import Store

/// Reads one row of a result for `Row`, answering as SQLite would for the same value, so callers
/// read rows the same on both backends: integer types and booleans (1 or 0) are integers, a
/// `numeric` is an integer when its text is integral and a real otherwise, floats are reals,
/// `bytea` is a blob, and every other type (text, varchar, json, timestamps, uuids) is its text,
/// as SQLite stores such values. A column outside the row reads as NULL.
final class PostgresRowCursor: RowCursor {
    private let result: PostgresResult
    /// The row being read; the query moves it along the result.
    var row = 0
    let columnCount: Int

    init(result: PostgresResult) {
        self.result = result
        columnCount = result.columnCount
    }

    private enum Kind {
        case integer, boolean, numeric, real, blob, text
    }

    private func kind(_ column: Int) -> Kind {
        switch result.typeOID(column) {
        case TypeOID.int2, TypeOID.int4, TypeOID.int8: .integer
        case TypeOID.bool: .boolean
        case TypeOID.numeric: .numeric
        case TypeOID.float4, TypeOID.float8: .real
        case TypeOID.bytea: .blob
        default: .text
        }
    }

    func value(_ column: Int) -> SQLValue {
        guard !isNull(column) else { return .null }
        switch kind(column) {
        case .integer, .boolean: return int(column).map(SQLValue.integer) ?? .text(text(column))
        case .numeric: return int(column).map(SQLValue.integer) ?? double(column).map(SQLValue.real) ?? .text(text(column))
        case .real: return double(column).map(SQLValue.real) ?? .text(text(column))
        case .blob: return blob(column).map(SQLValue.blob) ?? .null
        case .text: return .text(text(column))
        }
    }

    func int(_ column: Int) -> Int64? {
        guard !isNull(column) else { return nil }
        switch kind(column) {
        case .integer, .numeric: return Int64(text(column))
        case .boolean: return result.withText(row: row, column: column) { $0.first == UInt8(ascii: "t") } ? 1 : 0
        case .real, .blob, .text: return nil
        }
    }

    /// A number is a number: integers (and booleans) read as their double too.
    func double(_ column: Int) -> Double? {
        guard !isNull(column) else { return nil }
        switch kind(column) {
        case .real, .numeric: return Double(text(column))
        case .integer, .boolean: return int(column).map(Double.init)
        case .blob, .text: return nil
        }
    }

    func string(_ column: Int) -> String? {
        guard !isNull(column), kind(column) == .text else { return nil }
        return text(column)
    }

    /// `bytea` arrives in its hex text form, `\x` and two digits a byte.
    func blob(_ column: Int) -> [UInt8]? {
        guard !isNull(column), kind(column) == .blob else { return nil }
        return result.withText(row: row, column: column) { text in
            guard text.count >= 2, text.count % 2 == 0 else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.count / 2 - 1)
            var index = 2
            while index < text.count {
                guard let high = Self.hexDigit(text[index]), let low = Self.hexDigit(text[index + 1]) else { return nil }
                bytes.append(high << 4 | low)
                index += 2
            }
            return bytes
        }
    }

    func isNull(_ column: Int) -> Bool {
        result.isNull(row: row, column: column)
    }

    private func text(_ column: Int) -> String {
        result.withText(row: row, column: column) { String(decoding: $0, as: UTF8.self) }
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
