import JSON

/// How a website's chat widget looks (contract §1, `widget`). Every field has a default so that a
/// website created with only a name still renders a complete widget.
public struct WidgetSettings: Equatable, Sendable {
    public var title = "Chat with us"
    public var color = "#2563eb"
    public var greeting = "Hi! How can we help you today?"
    public var position = "right"
    /// The widget's language unless the page or the visitor's browser says otherwise (§11).
    public var locale = "en"
    /// `auto` follows the visitor's `prefers-color-scheme`.
    public var theme = "auto"
    /// When someone may answer; nil: whenever an agent is online.
    public var businessHours: BusinessHours?
    /// What the widget says while nobody is available.
    public var awayMessage = "We're away right now. Leave a message and we'll get back to you."
    /// When the widget asks for the visitor's email: `never`, `when_away` or `always`.
    public var askEmail = "never"

    /// The languages the widget ships (contract §11).
    public static let locales: Set<String> = ["en", "de", "fr", "es", "pt", "it", "nl", "ar", "zh", "ja"]

    public init() {}

    public var json: JSONValue {
        ["title": .string(title), "color": .string(color), "greeting": .string(greeting), "position": .string(position),
         "locale": .string(locale), "theme": .string(theme), "business_hours": businessHours?.json ?? .null,
         "away_message": .string(awayMessage), "ask_email": .string(askEmail)]
    }

    /// Applies the members of `object` over these settings, refusing unknown members and bad values.
    public func merging(_ object: JSONObject, field: String = "widget") throws(ValidationError) -> WidgetSettings {
        var result = self
        for (key, value) in object {
            let path = "\(field).\(key)"
            switch key {
            case "title":
                result.title = try Validate.text(value, field: path, length: 1...100)
            case "greeting":
                result.greeting = try Validate.text(value, field: path, length: 0...500)
            case "color":
                guard let color = value.stringValue, Self.isHexColor(color) else {
                    throw ValidationError(field: path, message: "\(path) must be a hex colour such as #2563eb.")
                }
                result.color = color.lowercased()
            case "position":
                result.position = try Self.choice(value, ["right", "left"], field: path)
            case "locale":
                guard let locale = value.stringValue, Self.locales.contains(locale) else {
                    throw ValidationError(field: path, message: "\(path) must be one of \(Self.locales.sorted().joined(separator: ", ")).")
                }
                result.locale = locale
            case "theme":
                result.theme = try Self.choice(value, ["auto", "light", "dark"], field: path)
            case "business_hours":
                result.businessHours = value.isNull ? nil : try BusinessHours(value, field: path)
            case "away_message":
                result.awayMessage = try Validate.text(value, field: path, length: 0...500)
            case "ask_email":
                result.askEmail = try Self.choice(value, ["never", "when_away", "always"], field: path)
            default:
                throw ValidationError(field: path, message: "\(path) is not a known field.")
            }
        }
        return result
    }

    /// Reads stored settings back; the store only holds values this type validated.
    public init(stored object: JSONObject, website: String) {
        title = object["title"]?.stringValue ?? title
        color = object["color"]?.stringValue ?? color
        greeting = object["greeting"]?.stringValue ?? greeting
        position = object["position"]?.stringValue ?? position
        locale = object["locale"]?.stringValue ?? locale
        theme = object["theme"]?.stringValue ?? theme
        if let hours = object["business_hours"], !hours.isNull { businessHours = BusinessHours(stored: hours, website: website) }
        awayMessage = object["away_message"]?.stringValue ?? awayMessage
        askEmail = object["ask_email"]?.stringValue ?? askEmail
    }

    private static func choice(_ value: JSONValue, _ allowed: [String], field: String) throws(ValidationError) -> String {
        guard let text = value.stringValue, allowed.contains(text) else {
            let quoted = allowed.map { "\"\($0)\"" }
            throw ValidationError(field: field, message: "\(field) must be \(quoted.dropLast().joined(separator: ", ")) or \(quoted.last ?? "").")
        }
        return text
    }

    private static func isHexColor(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "#"), bytes.count == 4 || bytes.count == 7 else { return false }
        return bytes.dropFirst().allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }
    }
}
