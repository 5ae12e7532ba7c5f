import Clock
import JSON

/// A reply an agent reuses (contract §10): typed `/shortcut` in the sidebar's composer, it puts
/// `text` in. Shortcuts are unique in their website.
public struct CannedResponse: Sendable, Equatable {
    public let id: String
    public let websiteID: String
    public var shortcut: String
    public var title: String
    public var text: String
    public let createdAt: Timestamp
    public var updatedAt: Timestamp

    public var json: JSONValue {
        ["id": .string(id), "shortcut": .string(shortcut), "title": .string(title), "text": .string(text),
         "created_at": .string(createdAt.rfc3339), "updated_at": .string(updatedAt.rfc3339)]
    }
}

/// The fields of a `POST` (all required) or a `PATCH` (any of them) of a canned response.
public struct CannedResponseChanges: Sendable {
    public var shortcut: String?
    public var title: String?
    public var text: String?

    /// The longest shortcut: what fits after `/` in a composer without wrapping.
    public static let maxShortcutLength = 32

    public init(body: JSONObject, creating: Bool) throws(ValidationError) {
        try Validate.onlyKnownFields(body, ["shortcut", "title", "text"])
        if let value = body["shortcut"] { shortcut = try Self.shortcut(value) }
        if let value = body["title"] { title = try Validate.text(value, field: "title", length: 1...200) }
        // As long as a message may be: a canned response becomes one.
        if let value = body["text"] { text = try Validate.text(value, field: "text", length: 1...8000) }
        guard creating else { return }
        for (field, value) in [("shortcut", shortcut), ("title", title), ("text", text)] where value == nil {
            throw ValidationError(field: field, message: "\(field) is required.")
        }
    }

    /// `[a-z0-9-]{1,32}`: what a person types after `/`, the same in every locale and case.
    public static func shortcut(_ value: JSONValue) throws(ValidationError) -> String {
        guard let text = value.stringValue, isShortcut(text) else {
            throw ValidationError(field: "shortcut",
                                  message: "shortcut must be 1 to \(maxShortcutLength) of a-z, 0-9 and -, such as refund-policy.")
        }
        return text
    }

    /// Whether `text` is a shortcut, or, with `allowsEmpty`, a prefix of one (`?q=`).
    public static func isShortcut(_ text: String, allowsEmpty: Bool = false) -> Bool {
        let bytes = text.utf8
        guard (allowsEmpty ? 0 : 1)...maxShortcutLength ~= bytes.count else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }
}
