import CLibPQ

/// A failure reported by PostgreSQL, by libpq, or by this module.
///
/// `sqlState` is the server's five-character SQLSTATE (`23505` for a duplicate key, `57014` for a
/// statement timeout), so callers decide on codes rather than parsing messages; it is nil when the
/// server did not answer (no connection, a lost socket) or this module refused the call.
///
/// `description` holds the code, the severity and the primary message only. The server's `detail`
/// can quote row values (a duplicate key's value is a user's data), so it is kept apart for a
/// caller that knows it may show it. Messages about connecting never hold the password or the
/// connection string (see `PostgresTarget`).
public struct PostgresError: Error, Sendable, Hashable, CustomStringConvertible {
    public let sqlState: String?
    /// `ERROR`, `FATAL`, `PANIC` (not localized), or nil when the server did not report it.
    public let severity: String?
    public let message: String
    public let detail: String?

    public init(sqlState: String? = nil, severity: String? = nil, message: String, detail: String? = nil) {
        self.sqlState = sqlState
        self.severity = severity
        self.message = message
        self.detail = detail
    }

    /// A UNIQUE or PRIMARY KEY constraint failed: idempotent inserts turn exactly this into
    /// "return the first one".
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// The statement was cancelled: `statement_timeout` passed, or someone cancelled it.
    public var isQueryCanceled: Bool { sqlState == "57014" }

    /// Class 40: the transaction was rolled back by the server (serialization failure, deadlock)
    /// and may succeed when run again.
    public var isTransactionRollback: Bool { sqlState?.hasPrefix("40") ?? false }

    /// The session is gone rather than the statement wrong: class 08 (connection exception) or
    /// the server shutting the session down (57P01 terminated by an administrator, 57P02 crash
    /// of another backend, 57P03 not accepting connections yet). Running the work again on a new
    /// connection may succeed; a caller also checks `PostgresConnection.isConnected`, since libpq
    /// reports a dropped socket without any SQLSTATE.
    public var isConnectionLoss: Bool {
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }

    public var description: String {
        var text = "PostgreSQL"
        if let severity { text += " \(severity)" }
        if let sqlState { text += " \(sqlState)" }
        return text + ": " + message
    }

    /// The error a failed result carries, read from its fields.
    init(result: OpaquePointer?, connection: OpaquePointer?) {
        func field(_ code: UInt8) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: value)
        }
        // The field codes are C character macros ('C', 'V', ...), which Swift does not import.
        let primary = field(UInt8(ascii: "M"))
        self.init(sqlState: field(UInt8(ascii: "C")), severity: field(UInt8(ascii: "V")),
                  message: primary ?? PostgresError.connectionMessage(connection), detail: field(UInt8(ascii: "D")))
    }

    /// libpq's last message on `connection`, without its trailing newline.
    static func connectionMessage(_ connection: OpaquePointer?) -> String {
        guard let connection, let text = PQerrorMessage(connection) else { return "no connection" }
        let message = String(cString: text)
        return message.isEmpty ? "unknown libpq failure" : String(message.trimmingSuffix("\n"))
    }
}

extension String {
    func trimmingSuffix(_ character: Character) -> Substring {
        var result = self[...]
        while result.last == character { result = result.dropLast() }
        return result
    }
}
