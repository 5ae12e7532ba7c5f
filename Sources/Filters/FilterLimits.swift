/// Bounds that keep a hostile filter cheap to refuse and cheap to run.
enum FilterLimits {
    /// Conditions in one parsed filter (query string, WebSocket object or scope).
    static let conditions = 32
    /// Values in one `in` list.
    static let listValues = 100
    /// UTF-8 bytes in one value (each element of an `in` list counts on its own).
    static let valueBytes = 1024
    /// Keys in one metadata path.
    static let pathDepth = 8
    /// UTF-8 bytes (all ASCII) in one metadata key.
    static let keyBytes = 64
}
