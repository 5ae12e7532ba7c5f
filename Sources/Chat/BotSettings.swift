import JSON

/// Whether a bot answers the website's new visitor chats first (contract §9): its `bot` setting,
/// changed with `PATCH /website` (the object replaces the setting whole). While enabled, a new
/// visitor chat starts `pending` and `handled_by: "bot"` until someone hands it off to a person.
public struct BotSettings: Sendable, Equatable {
    public var enabled: Bool
    /// How the widget names the bot to visitors.
    public var name: String

    public static let defaultName = "Bot"

    public init(enabled: Bool = false, name: String = defaultName) {
        self.enabled = enabled
        self.name = name
    }

    public var json: JSONValue {
        ["enabled": .bool(enabled), "name": .string(name)]
    }

    /// Reads a request's `bot` object: `enabled` is required, `name` takes its default.
    public init(body object: JSONObject, field: String = "bot") throws(ValidationError) {
        for key in object.keys where key != "enabled" && key != "name" {
            throw ValidationError(field: "\(field).\(key)", message: "\(field).\(key) is not a known field.")
        }
        guard let enabled = object["enabled"]?.boolValue else {
            throw ValidationError(field: "\(field).enabled", message: "\(field).enabled must be true or false.")
        }
        self.init(enabled: enabled)
        if let value = object["name"], !value.isNull {
            name = try Validate.text(value, field: "\(field).name", length: 1...100)
        }
    }

    /// Reads stored settings back; a website stored before bots existed (`{}`) has none.
    public init(stored object: JSONObject) {
        self.init(enabled: object["enabled"]?.boolValue ?? false, name: object["name"]?.stringValue ?? Self.defaultName)
    }
}
