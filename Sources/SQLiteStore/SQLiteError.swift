import Store
import CSQLite

/// An error reported by SQLite, or by this module for a misuse SQLite would not catch (wrong
/// number of bindings, more than one statement where one is expected, NaN).
///
/// `code` is the *extended* result code (for example `SQLITE_CONSTRAINT_UNIQUE`, 2067), so callers
/// can tell a duplicate key from a missing parent row without parsing messages.
public struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: Int32
    public let message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The primary result code (the low byte of the extended one), e.g. `SQLITE_CONSTRAINT`.
    public var primaryCode: Int32 { code & 0xFF }

    /// Any constraint failed: UNIQUE, PRIMARY KEY, NOT NULL, CHECK, FOREIGN KEY, ...
    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }

    /// A UNIQUE or PRIMARY KEY constraint failed: the row already exists. Idempotent inserts
    /// (a client id sent twice) turn exactly this error into "return the first one".
    public var isUniqueViolation: Bool {
        code == SQLiteError.uniqueConstraint || code == SQLiteError.primaryKeyConstraint
    }

    /// A FOREIGN KEY constraint failed: the referenced row does not exist (or still has children).
    public var isForeignKeyViolation: Bool { code == SQLiteError.foreignKeyConstraint }

    /// Another connection (another process) held the lock for longer than the busy timeout.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY }

    public var description: String { "SQLite error \(code): \(message)" }

    // The extended codes are C macros built with shifts, which Swift does not import.
    static let uniqueConstraint: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    static let primaryKeyConstraint: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    static let foreignKeyConstraint: Int32 = SQLITE_CONSTRAINT | (3 << 8)

    /// The error behind `code`, just returned by a call on `connection`. The connection's own
    /// code is the extended one; it is used only when it agrees with `code`, since it can be stale.
    init(connection: OpaquePointer?, code: Int32) {
        if let connection, sqlite3_extended_errcode(connection) & 0xFF == code & 0xFF {
            self.init(code: sqlite3_extended_errcode(connection), message: String(cString: sqlite3_errmsg(connection)))
        } else {
            self.init(code: code, message: String(cString: sqlite3_errstr(code)))
        }
    }
}
