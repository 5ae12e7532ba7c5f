import Postgres
import Store

extension SQLValue {
    /// The value as a PostgreSQL parameter. Integers and text carry their types, so `? + 1` or
    /// `? || 'x'` mean what they do in SQLite. A real goes untyped, in the shortest text that
    /// reads back as the same Double, so the server reads it as the column needs: exactly into a
    /// `numeric`, as a double into a `float8`. NaN and the infinities have no place in a
    /// `numeric` and SQLite cannot store NaN either, so they are refused rather than guessed.
    func parameter() throws(PostgresError) -> PostgresParameter {
        switch self {
        case .null:
            return PostgresParameter(text: nil, type: TypeOID.unspecified)
        case .integer(let value):
            return PostgresParameter(text: String(value), type: TypeOID.int8)
        case .real(let value):
            guard value.isFinite else { throw PostgresError(message: "a real parameter must be finite, not \(value)") }
            return PostgresParameter(text: String(value), type: TypeOID.unspecified)
        case .text(let value):
            return PostgresParameter(text: value, type: TypeOID.text)
        case .blob(let bytes):
            return .bytea(bytes)
        }
    }
}
