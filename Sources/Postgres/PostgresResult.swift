import CLibPQ

/// The outcome of one statement: its rows in text format and its command status. It owns libpq's
/// result and frees it when the last reference goes, so rows are read in place, not copied.
public final class PostgresResult {
    private let handle: OpaquePointer
    public let rowCount: Int
    public let columnCount: Int

    init(taking handle: OpaquePointer) {
        self.handle = handle
        rowCount = Int(PQntuples(handle))
        columnCount = Int(PQnfields(handle))
    }

    deinit {
        PQclear(handle)
    }

    /// The command tag, such as `INSERT 0 1`, `UPDATE 3`, `SELECT 2`, `COMMIT` or `ROLLBACK`.
    public var commandStatus: String { String(cString: PQcmdStatus(handle)) }

    /// Rows inserted, updated, deleted, selected, moved or copied; nil for commands that touch no
    /// rows (`CREATE TABLE`, `BEGIN`).
    public var affectedRows: Int? { Int(String(cString: PQcmdTuples(handle))) }

    public func columnName(_ column: Int) -> String? {
        guard column >= 0 && column < columnCount, let name = PQfname(handle, Int32(column)) else { return nil }
        return String(cString: name)
    }

    /// Row `index`, from 0. An index outside the result traps, as an array's does.
    public subscript(_ index: Int) -> PostgresRow {
        precondition(index >= 0 && index < rowCount, "row \(index) of a result with \(rowCount) rows")
        return PostgresRow(result: self, index: Int32(index))
    }

    public var rows: [PostgresRow] { (0..<rowCount).map { self[$0] } }

    /// The type of `column` (`TypeOID`), 0 outside the result.
    public func typeOID(_ column: Int) -> UInt32 {
        column >= 0 && column < columnCount ? type(Int32(column)) : TypeOID.unspecified
    }

    /// Whether the cell is NULL; a cell outside the result counts as NULL, for readers that
    /// answer NULL rather than trap (the store's rows).
    public func isNull(row: Int, column: Int) -> Bool {
        guard let (row, column) = cell(row, column) else { return true }
        return isNull(row, column)
    }

    /// The cell's bytes in text format, read in place, valid only during `body`; empty for NULL
    /// or a cell outside the result.
    public func withText<R>(row: Int, column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard let (row, column) = cell(row, column) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        let length = Int(PQgetlength(handle, row, column))
        return try PQgetvalue(handle, row, column).withMemoryRebound(to: UInt8.self, capacity: length) {
            try body(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    private func cell(_ row: Int, _ column: Int) -> (Int32, Int32)? {
        guard row >= 0 && row < rowCount && column >= 0 && column < columnCount else { return nil }
        return (Int32(row), Int32(column))
    }

    func isNull(_ row: Int32, _ column: Int32) -> Bool { PQgetisnull(handle, row, column) != 0 }
    func type(_ column: Int32) -> UInt32 { PQftype(handle, column) }

    func text(_ row: Int32, _ column: Int32) -> String {
        withText(row: Int(row), column: Int(column)) { String(decoding: $0, as: UTF8.self) }
    }
}

/// One row of a `PostgresResult`. The typed accessors return nil for NULL and throw when the
/// column's type is not the one asked for (an integer read from a text column is a bug in the
/// query, and silently getting nil would hide it). Columns are indexed from 0.
public struct PostgresRow {
    private let result: PostgresResult
    private let index: Int32

    init(result: PostgresResult, index: Int32) {
        self.result = result
        self.index = index
    }

    public var count: Int { result.columnCount }

    /// The column as the closest `PostgresValue`: integers, floats and booleans by their type,
    /// NULL as `.null`, everything else (numeric, jsonb, timestamptz, ...) as its text.
    public subscript(_ column: Int) -> PostgresValue {
        let column = Int32(checking: column, below: result.columnCount)
        if result.isNull(index, column) { return .null }
        let text = result.text(index, column)
        switch result.type(column) {
        case TypeOID.int2, TypeOID.int4, TypeOID.int8, TypeOID.oid: return Int64(text).map(PostgresValue.integer) ?? .text(text)
        case TypeOID.float4, TypeOID.float8: return Double(text).map(PostgresValue.double) ?? .text(text)
        case TypeOID.bool: return .bool(text == "t")
        default: return .text(text)
        }
    }

    public var values: [PostgresValue] { (0..<count).map { self[$0] } }

    public func isNull(_ column: Int) -> Bool { result.isNull(index, Int32(checking: column, below: result.columnCount)) }

    public func int(_ column: Int) throws(PostgresError) -> Int64? {
        switch self[column] {
        case .null: nil
        case .integer(let value): value
        default: throw mismatch(column, "an integer")
        }
    }

    /// Floating-point columns, and integer ones (a number is a number).
    public func double(_ column: Int) throws(PostgresError) -> Double? {
        switch self[column] {
        case .null: nil
        case .double(let value): value
        case .integer(let value): Double(value)
        default: throw mismatch(column, "a floating-point number")
        }
    }

    public func bool(_ column: Int) throws(PostgresError) -> Bool? {
        switch self[column] {
        case .null: nil
        case .bool(let value): value
        default: throw mismatch(column, "a boolean")
        }
    }

    /// The column's text, whatever its type: every value has one in text format.
    public func string(_ column: Int) -> String? {
        let checked = Int32(checking: column, below: result.columnCount)
        return result.isNull(index, checked) ? nil : result.text(index, checked)
    }

    private func mismatch(_ column: Int, _ wanted: String) -> PostgresError {
        let name = result.columnName(column) ?? String(column)
        return PostgresError(message: "column \(name) (type \(result.type(Int32(column)))) is not \(wanted)")
    }
}

extension Int32 {
    /// A column index, trapping like an array when it is outside the row.
    init(checking column: Int, below count: Int) {
        precondition(column >= 0 && column < count, "column \(column) of a row with \(count) columns")
        self.init(column)
    }
}
