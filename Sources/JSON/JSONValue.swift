/// A JSON document held in memory.
///
/// Numbers keep the distinction the text made: an integer literal that fits in `Int` stays exact
/// as `.int`, so ids and timestamps never pass through floating point; everything else is `.double`.
/// Objects keep their members in document order so that re-encoding a parsed value changes nothing
/// a reader could notice.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// An integer written without fraction or exponent that fits in `Int`.
    case int(Int)
    /// Every other number. Parsed values are always finite; a non-finite value built in code encodes as `null`.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text, so that values read naturally in logs and test failures.
    public var description: String { jsonText }
}
