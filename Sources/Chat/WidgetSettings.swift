import JSON

/// How a website's chat widget looks (contract §1, `widget`). Every field has a default so that a
/// website created with only a name still renders a complete widget.
public struct WidgetSettings: Equatable, Sendable {
    public var title = "Chat with us"
    public var color = "#2563eb"
    public var greeting = "Hi! How can we help you today?"
    public var position = "right"

    public init() {}

    public var json: JSONValue {
        ["title": .string(title), "color": .string(color), "greeting": .string(greeting), "position": .string(position)]
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
                guard let position = value.stringValue, position == "right" || position == "left" else {
                    throw ValidationError(field: path, message: "\(path) must be \"right\" or \"left\".")
                }
                result.position = position
            default:
                throw ValidationError(field: path, message: "\(path) is not a known field.")
            }
        }
        return result
    }

    /// Reads stored settings back; the store only holds values this type validated.
    public init(stored object: JSONObject) {
        title = object["title"]?.stringValue ?? title
        color = object["color"]?.stringValue ?? color
        greeting = object["greeting"]?.stringValue ?? greeting
        position = object["position"]?.stringValue ?? position
    }

    private static func isHexColor(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "#"), bytes.count == 4 || bytes.count == 7 else { return false }
        return bytes.dropFirst().allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }
    }
}
