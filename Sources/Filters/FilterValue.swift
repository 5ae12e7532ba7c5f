import JSON

/// One scalar a filter compares with, typed once when the filter is parsed.
///
/// A query value is typed by its text: `123`, `-1.5`, `1e3` are numbers, `true`/`false` booleans,
/// `null` null, and anything else (`007`, `1.`, `abc`) a string. A WebSocket filter's string is
/// typed by the same rule (contract §6: `{"metadata__n": "5"}` means `?metadata__n=5`), its other
/// scalars by their JSON, which spell the same values.
public enum FilterValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// `text` is the number as written, which `contains` looks for inside strings.
    case number(ExactNumber, text: String)
    case string(String)

    /// The value a query parameter's text stands for.
    public init(queryText text: some StringProtocol) {
        switch text {
        case "null": self = .null
        case "true": self = .bool(true)
        case "false": self = .bool(false)
        default:
            if let number = NumericText.value(of: text) {
                self = .number(number, text: String(text))
            } else {
                self = .string(String(text))
            }
        }
    }

    /// The value a JSON scalar stands for, typed by its JSON (a token's scope, whose strings stay
    /// strings); nil for arrays and objects.
    public init?(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let integer): self = .number(.integer(Int64(integer)), text: String(integer))
        case .double(let number): self = .number(.double(number), text: json.jsonText)
        case .string(let string): self = .string(string)
        case .array, .object: return nil
        }
    }

    /// The value as text: what `contains` and `icontains` look for, and what id fields compare.
    public var text: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(_, let text): text
        case .string(let string): string
        }
    }
}
