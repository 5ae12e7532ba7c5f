import JSON

/// A stored value that does not read back as what the program wrote: the database was changed
/// behind the server's back or is damaged. Reading it is refused rather than turned into a
/// default (an empty list, `{}`), which would silently change what a caller sees or who receives
/// an event; the API answers 500 and logs it.
public struct StoredDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where the value is: `events.route`, `websites.widget`, ...
    public let column: String
    /// The row's key (an id), so that whoever reads the log can look at it.
    public let key: String
    public let problem: String

    public init(column: String, key: String, problem: String) {
        self.column = column
        self.key = key
        self.problem = problem
    }

    public var description: String { "stored \(column) of \(key) \(problem)" }
}

extension JSONValue {
    /// The stored JSON text `text` of `column` in row `key`, parsed; a `StoredDataError` naming
    /// both when it does not parse.
    static func stored(_ text: String, column: String, key: @autoclosure () -> String) throws(StoredDataError) -> JSONValue {
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw StoredDataError(column: column, key: key(), problem: "is not valid JSON (\(error))")
        }
    }

    /// Like `stored`, for a column that always holds an object.
    static func storedObject(_ text: String, column: String, key: @autoclosure () -> String) throws(StoredDataError) -> JSONObject {
        guard let object = try stored(text, column: column, key: key()).objectValue else {
            throw StoredDataError(column: column, key: key(), problem: "is not a JSON object")
        }
        return object
    }
}
