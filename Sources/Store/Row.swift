/// The current row of a query, read straight from the backend's result without copying it.
///
/// A `Row` is only valid inside the callback that receives it: the next step overwrites it. It is
/// non-copyable and handed out borrowed, so the compiler rejects keeping it. Column indexes start
/// at 0; an index outside the row reads as NULL rather than trapping.
///
/// The accessors answer by what a column holds, the same on every backend: `int` is nil unless
/// the value is an integer, `string` nil unless it is text.
public struct Row: ~Copyable {
    private let cursor: any RowCursor

    /// A row whose columns `cursor` reads; backends make one per query and step it.
    public init(_ cursor: any RowCursor) {
        self.cursor = cursor
    }

    /// Number of columns.
    public var count: Int { cursor.columnCount }

    public subscript(_ column: Int) -> SQLValue { cursor.value(column) }

    /// Every column, in order; for callers that want to keep the row.
    public var values: [SQLValue] { (0..<count).map { cursor.value($0) } }

    /// The column's value when it is an integer.
    public func int(_ column: Int) -> Int64? { cursor.int(column) }

    /// The column's value when it is a number (an integer reads as its double).
    public func double(_ column: Int) -> Double? { cursor.double(column) }

    /// The column's value when it is text. Invalid UTF-8 (only possible from outside writers) is
    /// repaired with U+FFFD rather than failing.
    public func string(_ column: Int) -> String? { cursor.string(column) }

    /// The column's value when it is a blob.
    public func blob(_ column: Int) -> [UInt8]? { cursor.blob(column) }

    public func isNull(_ column: Int) -> Bool { cursor.isNull(column) }
}

/// How a backend reads the columns of its current row (`Row`). Out-of-range columns read as NULL.
public protocol RowCursor: AnyObject {
    var columnCount: Int { get }
    func value(_ column: Int) -> SQLValue
    func int(_ column: Int) -> Int64?
    func double(_ column: Int) -> Double?
    func string(_ column: Int) -> String?
    func blob(_ column: Int) -> [UInt8]?
    func isNull(_ column: Int) -> Bool
}
