import CSQLite
import Store

/// Reads the current row of a stepping SQLite statement for `Row`, straight from the statement
/// without copying the row. One cursor serves every row of one query; the statement's next step
/// overwrites what it reads. A column reads by its storage class: `int` is nil for anything but
/// an INTEGER, `string` for anything but TEXT.
final class SQLiteRowCursor: RowCursor {
    private let statement: OpaquePointer
    let columnCount: Int

    init(statement: OpaquePointer) {
        self.statement = statement
        columnCount = Int(sqlite3_column_count(statement))
    }

    func value(_ column: Int) -> SQLValue {
        guard let index = index(column) else { return .null }
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT: return .text(text(at: index))
        case SQLITE_BLOB: return .blob(bytes(at: index))
        default: return .null
        }
    }

    func int(_ column: Int) -> Int64? {
        guard let index = index(column), sqlite3_column_type(statement, index) == SQLITE_INTEGER else { return nil }
        return sqlite3_column_int64(statement, index)
    }

    /// SQLite stores whole REALs compactly, and a number is a number: an INTEGER reads too.
    func double(_ column: Int) -> Double? {
        guard let index = index(column) else { return nil }
        switch sqlite3_column_type(statement, index) {
        case SQLITE_FLOAT, SQLITE_INTEGER: return sqlite3_column_double(statement, index)
        default: return nil
        }
    }

    func string(_ column: Int) -> String? {
        guard let index = index(column), sqlite3_column_type(statement, index) == SQLITE_TEXT else { return nil }
        return text(at: index)
    }

    func blob(_ column: Int) -> [UInt8]? {
        guard let index = index(column), sqlite3_column_type(statement, index) == SQLITE_BLOB else { return nil }
        return bytes(at: index)
    }

    func isNull(_ column: Int) -> Bool {
        guard let index = index(column) else { return true }
        return sqlite3_column_type(statement, index) == SQLITE_NULL
    }

    private func index(_ column: Int) -> Int32? {
        column >= 0 && column < columnCount ? Int32(column) : nil
    }

    // The pointer must be fetched before the length: fetching it may convert the value.
    private func text(at index: Int32) -> String {
        guard let start = sqlite3_column_text(statement, index) else { return "" }
        let length = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self)
    }

    private func bytes(at index: Int32) -> [UInt8] {
        guard let start = sqlite3_column_blob(statement, index) else { return [] }
        let length = Int(sqlite3_column_bytes(statement, index))
        return Array(UnsafeRawBufferPointer(start: start, count: length))
    }
}
