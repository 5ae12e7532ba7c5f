import CSQLite

/// The current row of a query, read straight from SQLite's statement without copying the row.
///
/// A `Row` is only valid inside the callback that receives it: the next step overwrites it. It is
/// non-copyable and handed out borrowed, so the compiler rejects keeping it. Column indexes start
/// at 0; an index outside the row reads as NULL rather than trapping.
public struct Row: ~Copyable {
    private let statement: OpaquePointer
    /// Number of columns.
    public let count: Int

    init(statement: OpaquePointer) {
        self.statement = statement
        count = Int(sqlite3_column_count(statement))
    }

    public subscript(_ column: Int) -> SQLValue {
        guard let index = index(column) else { return .null }
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT: return .text(text(at: index))
        case SQLITE_BLOB: return .blob(bytes(at: index))
        default: return .null
        }
    }

    /// Every column, in order; for callers that want to keep the row.
    public var values: [SQLValue] {
        (0..<count).map { self[$0] }
    }

    /// The column's value when it is stored as an INTEGER.
    public func int(_ column: Int) -> Int64? {
        guard let index = index(column), sqlite3_column_type(statement, index) == SQLITE_INTEGER else { return nil }
        return sqlite3_column_int64(statement, index)
    }

    /// The column's value when it is stored as a REAL or an INTEGER (SQLite stores whole REALs
    /// compactly, and a number is a number).
    public func double(_ column: Int) -> Double? {
        guard let index = index(column) else { return nil }
        switch sqlite3_column_type(statement, index) {
        case SQLITE_FLOAT, SQLITE_INTEGER: return sqlite3_column_double(statement, index)
        default: return nil
        }
    }

    /// The column's value when it is stored as TEXT. Invalid UTF-8 (only possible from outside
    /// writers) is repaired with U+FFFD rather than failing.
    public func string(_ column: Int) -> String? {
        guard let index = index(column), sqlite3_column_type(statement, index) == SQLITE_TEXT else { return nil }
        return text(at: index)
    }

    /// The column's value when it is stored as a BLOB.
    public func blob(_ column: Int) -> [UInt8]? {
        guard let index = index(column), sqlite3_column_type(statement, index) == SQLITE_BLOB else { return nil }
        return bytes(at: index)
    }

    public func isNull(_ column: Int) -> Bool {
        guard let index = index(column) else { return true }
        return sqlite3_column_type(statement, index) == SQLITE_NULL
    }

    private func index(_ column: Int) -> Int32? {
        column >= 0 && column < count ? Int32(column) : nil
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
