import Clock
import JSON

/// A tenant (contract §1). Its secret is not part of this value: it is read only where tokens are
/// signed or verified, and shown only in the answer that created or rotated it.
public struct Website: Equatable, Sendable {
    public let id: String
    public var name: String
    public var allowedOrigins: [String]
    public var widget: WidgetSettings
    public let createdAt: Timestamp
    /// Who takes a new visitor chat (contract §10).
    public var autoAssign: AutoAssign = .off
    /// What it accepts as attachments (contract §8).
    public var attachments = AttachmentSettings()
    /// Whether a bot takes new visitor chats first (contract §9).
    public var bot = BotSettings()

    /// `false`, or `"round_robin"`: a new visitor chat goes to the available agent with the
    /// fewest open chats (`Assignment`).
    public enum AutoAssign: String, Sendable {
        /// Stored as `none`; `false` in JSON.
        case off = "none"
        case roundRobin = "round_robin"

        var json: JSONValue { self == .off ? .bool(false) : .string(rawValue) }
    }

    public var json: JSONValue {
        .object([
            "id": .string(id),
            "name": .string(name),
            "allowed_origins": .array(allowedOrigins.map(JSONValue.string)),
            "widget": widget.json,
            "auto_assign": autoAssign.json,
            "attachments": attachments.json,
            "bot": bot.json,
            "created_at": .string(createdAt.rfc3339),
        ])
    }

    /// The website with its secret, the one time the secret may be shown.
    public func json(secret: String) -> JSONValue {
        guard case .object(var object) = json else { return json }
        object["secret"] = .string(secret)
        return .object(object)
    }
}

/// What a caller may set on a website: the body of `POST /websites` and `PATCH /website`.
public struct WebsiteChanges: Sendable {
    public var name: String?
    public var allowedOrigins: [String]?
    public var widget: JSONObject?
    public var autoAssign: Website.AutoAssign?
    /// Replaces the website's setting whole (contract §4).
    public var attachments: AttachmentSettings?
    /// Replaces the website's setting whole.
    public var bot: BotSettings?

    static let fields: Set<String> = ["name", "allowed_origins", "widget", "auto_assign", "attachments", "bot"]

    /// Reads and validates a request body; unknown members and bad values are refused.
    public init(body: JSONObject) throws(ValidationError) {
        try Validate.onlyKnownFields(body, Self.fields)
        if let value = body["name"] {
            name = try Validate.text(value, field: "name", length: 1...200)
        }
        if let value = body["allowed_origins"] {
            guard let list = value.arrayValue, list.count <= 100 else {
                throw ValidationError(field: "allowed_origins", message: "allowed_origins must be a list of at most 100 origins.")
            }
            var origins: [String] = []
            for (index, item) in list.enumerated() {
                let origin = try Validate.origin(item, field: "allowed_origins[\(index)]")
                if !origins.contains(origin) { origins.append(origin) }
            }
            allowedOrigins = origins
        }
        if let value = body["widget"] {
            guard let object = value.objectValue else {
                throw ValidationError(field: "widget", message: "widget must be an object.")
            }
            _ = try WidgetSettings().merging(object)
            widget = object
        }
        if let value = body["auto_assign"] {
            switch (value.boolValue, value.stringValue) {
            case (false?, _): autoAssign = .off
            case (_, "round_robin"?): autoAssign = .roundRobin
            default: throw ValidationError(field: "auto_assign", message: "auto_assign must be false or \"round_robin\".")
            }
        }
        if let value = body["attachments"] {
            guard let object = value.objectValue else {
                throw ValidationError(field: "attachments", message: "attachments must be an object.")
            }
            attachments = try AttachmentSettings(body: object)
        }
        if let value = body["bot"] {
            guard let object = value.objectValue else {
                throw ValidationError(field: "bot", message: "bot must be an object.")
            }
            bot = try BotSettings(body: object)
        }
    }

    func applied(to website: Website) throws(ValidationError) -> Website {
        var result = website
        if let name { result.name = name }
        if let allowedOrigins { result.allowedOrigins = allowedOrigins }
        if let widget { result.widget = try website.widget.merging(widget) }
        if let autoAssign { result.autoAssign = autoAssign }
        if let attachments { result.attachments = attachments }
        if let bot { result.bot = bot }
        return result
    }
}
