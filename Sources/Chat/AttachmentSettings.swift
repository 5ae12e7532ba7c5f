import JSON

/// What a website accepts as attachments (contract §8): its `attachments` setting, changed with
/// `PATCH /website` (the object replaces the setting whole; a member left out takes its default).
/// The operator's `--max-attachment-bytes` bounds the size whatever a website allows.
public struct AttachmentSettings: Sendable, Equatable {
    public var maxBytes: Int
    /// Media type essences, lowercase. SVG and HTML are absent by default: a browser runs their
    /// scripts (and they are never served inline, even when allowed).
    public var types: [String]

    public static let defaultMaxBytes = 10 * 1024 * 1024
    public static let defaultTypes = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"]
    /// The largest `max_bytes` a website may ask for; the operator's bound usually cuts it lower.
    public static let maxMaxBytes = 1 << 30
    public static let maxTypes = 50

    /// The types a download shows inline (`Content-Type` kept): images a browser only draws.
    /// Everything else is served as `application/octet-stream` with `Content-Disposition:
    /// attachment`, so no upload ever runs as a page of this origin.
    public static let inlineTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp"]

    public init(maxBytes: Int = defaultMaxBytes, types: [String] = defaultTypes) {
        self.maxBytes = maxBytes
        self.types = types
    }

    public var json: JSONValue {
        ["max_bytes": .int(maxBytes), "types": .array(types.map(JSONValue.string))]
    }

    /// Reads a request's `attachments` object; unknown members and bad values are refused.
    public init(body object: JSONObject, field: String = "attachments") throws(ValidationError) {
        self.init()
        for (key, value) in object {
            let path = "\(field).\(key)"
            switch key {
            case "max_bytes":
                guard let bytes = value.intValue, (1...Self.maxMaxBytes).contains(bytes) else {
                    throw ValidationError(field: path, message: "\(path) must be a whole number of bytes from 1 to \(Self.maxMaxBytes).")
                }
                maxBytes = bytes
            case "types":
                guard let list = value.arrayValue, list.count <= Self.maxTypes else {
                    throw ValidationError(field: path, message: "\(path) must be a list of at most \(Self.maxTypes) media types.")
                }
                var types: [String] = []
                for (index, item) in list.enumerated() {
                    guard let text = item.stringValue, Self.isMediaTypeEssence(text) else {
                        throw ValidationError(field: "\(path)[\(index)]", message: "\(path)[\(index)] must be a media type such as image/png, without parameters.")
                    }
                    let type = text.lowercased()
                    if !types.contains(type) { types.append(type) }
                }
                self.types = types
            default:
                throw ValidationError(field: path, message: "\(path) is not a known field.")
            }
        }
    }

    /// Reads stored settings back; the store only holds values this type validated, and a
    /// website stored before they existed (`{}`) has the defaults.
    public init(stored object: JSONObject) {
        self.init()
        if let bytes = object["max_bytes"]?.intValue { maxBytes = bytes }
        if let list = object["types"]?.arrayValue { types = list.compactMap(\.stringValue) }
    }

    /// `type/subtype`, both RFC 9110 tokens, at most 127 bytes each (RFC 6838 §4.2).
    private static func isMediaTypeEssence(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { part in
            (1...127).contains(part.count) && part.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default:
                    Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
                }
            }
        }
    }
}
