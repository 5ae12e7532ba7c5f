import Filters
import JSON

/// Checks for the bodies of chat and message calls, shared by REST and the realtime `send`.
enum ChatInput {
    static let maxMetadataBytes = 16 * 1024

    static func metadata(_ value: JSONValue, field: String) throws(ValidationError) -> JSONObject {
        guard let object = value.objectValue else {
            throw ValidationError(field: field, message: "\(field) must be a JSON object.")
        }
        try checkSize(object, field: field)
        return object
    }

    /// The bounds every stored metadata object keeps, however it was made (a body, a merge, a
    /// scope's values added): 16 KiB serialized, and at most `MetadataIndex.maxRowsPerChat`
    /// values a filter can reach, so one write costs the writer a bounded number of index rows.
    static func checkSize(_ metadata: JSONObject, field: String) throws(ValidationError) {
        guard JSONValue.object(metadata).encoded().count <= maxMetadataBytes else {
            throw ValidationError(field: field, message: "\(field) must be at most 16 KiB when serialized.")
        }
        guard MetadataIndex.rowCount(of: metadata) <= MetadataIndex.maxRowsPerChat else {
            throw ValidationError(field: field, message: """
                \(field) holds more than \(MetadataIndex.maxRowsPerChat) values that filters can reach (each value at a key \
                path and each array element counts); keep bulk data under a key no filter can name, such as one starting with _.
                """)
        }
    }

    static func priority(_ value: JSONValue) throws(ValidationError) -> Int {
        guard let priority = value.intValue, (0...4).contains(priority), value.doubleValue == Double(priority) else {
            throw ValidationError(field: "priority", message: "priority must be an integer from 0 to 4.")
        }
        return priority
    }

    static func title(_ value: JSONValue) throws(ValidationError) -> String {
        try Validate.text(value, field: "title", length: 0...200)
    }

    /// Message text: 1–8000 characters after trimming (contract §1), or empty (or left out) when
    /// the message carries attachments; stored trimmed.
    static func text(_ value: JSONValue?, withAttachments: Bool = false) throws(ValidationError) -> String {
        guard let value, !(withAttachments && value.isNull) else {
            if withAttachments { return "" }
            throw ValidationError(field: "text", message: "text is required.")
        }
        return try Validate.text(value, field: "text", length: (withAttachments ? 0 : 1)...8000)
    }

    /// At most this many attachments go with one message (contract §8).
    static let maxAttachmentsPerMessage = 10

    /// `attachment_ids`: distinct ids, at most `maxAttachmentsPerMessage`, in the order given.
    static func attachmentIDs(_ value: JSONValue?) throws(ValidationError) -> [String] {
        guard let value, !value.isNull else { return [] }
        let failure = ValidationError(field: "attachment_ids", message: """
            attachment_ids must be an array of at most \(maxAttachmentsPerMessage) distinct attachment ids.
            """)
        guard let array = value.arrayValue, array.count <= maxAttachmentsPerMessage else { throw failure }
        var ids: [String] = []
        for element in array {
            guard let id = element.stringValue, (1...128).contains(id.unicodeScalars.count), !ids.contains(id) else { throw failure }
            ids.append(id)
        }
        return ids
    }

    static func clientID(_ value: JSONValue?) throws(ValidationError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue, (1...128).contains(text.unicodeScalars.count) else {
            throw ValidationError(field: "client_id", message: "client_id must be a string of 1 to 128 characters.")
        }
        return text
    }

    static func identifier(_ value: JSONValue, field: String) throws(ValidationError) -> String {
        guard let text = value.stringValue, (1...128).contains(text.unicodeScalars.count) else {
            throw ValidationError(field: field, message: "\(field) must be a string of 1 to 128 characters.")
        }
        return text
    }
}

/// The body of `POST /chats` (and the chat part of `POST /messages`).
public struct NewChat: Sendable {
    public var title = ""
    public var metadata: JSONObject = [:]
    public var priority = 0

    public init() {}

    public init(body: JSONObject, allowing extra: Set<String> = []) throws(ValidationError) {
        try Validate.onlyKnownFields(body, Set(["title", "metadata", "priority"]).union(extra))
        if let value = body["title"], !value.isNull { title = try ChatInput.title(value) }
        if let value = body["metadata"], !value.isNull { metadata = try ChatInput.metadata(value, field: "metadata") }
        if let value = body["priority"], !value.isNull { priority = try ChatInput.priority(value) }
    }
}

/// The body of `PATCH /chats/{id}`: any of the fields; `metadata` replaces, `metadata_merge`
/// merges shallowly (contract §4).
public struct ChatChanges: Sendable {
    public var title: String?
    public var status: ChatStatus?
    public var priority: Int?
    public var isArchived: Bool?
    /// `.some(nil)` clears the assignee.
    public var assigneeID: String??
    public var metadata: JSONObject?
    public var metadataMerge: JSONObject?

    public init(body: JSONObject) throws(ValidationError) {
        try Validate.onlyKnownFields(body, ["title", "status", "priority", "is_archived", "assignee_id", "metadata", "metadata_merge"])
        if let value = body["title"] { title = try ChatInput.title(value) }
        if let value = body["status"] {
            guard let status = value.stringValue.flatMap(ChatStatus.init(rawValue:)) else {
                throw ValidationError(field: "status", message: "status must be open, pending, resolved or closed.")
            }
            self.status = status
        }
        if let value = body["priority"] { priority = try ChatInput.priority(value) }
        if let value = body["is_archived"] {
            guard let flag = value.boolValue else { throw ValidationError(field: "is_archived", message: "is_archived must be true or false.") }
            isArchived = flag
        }
        if let value = body["assignee_id"] {
            assigneeID = value.isNull ? .some(nil) : .some(try ChatInput.identifier(value, field: "assignee_id"))
        }
        if body["metadata"] != nil, body["metadata_merge"] != nil {
            throw ValidationError(field: "metadata_merge", message: "metadata and metadata_merge cannot be used together.")
        }
        if let value = body["metadata"] { metadata = try ChatInput.metadata(value, field: "metadata") }
        if let value = body["metadata_merge"] { metadataMerge = try ChatInput.metadata(value, field: "metadata_merge") }
    }

    /// The metadata after the change, or nil when the change leaves it alone.
    func newMetadata(from current: JSONObject) throws(ValidationError) -> JSONObject? {
        if let metadata { return metadata }
        guard let metadataMerge else { return nil }
        var merged = current
        for (key, value) in metadataMerge { merged[key] = value }
        try ChatInput.checkSize(merged, field: "metadata_merge")
        return merged
    }
}

/// The body of a message send.
public struct NewMessage: Sendable {
    public let text: String
    public let clientID: String?
    /// `text` or `note`; a client never writes a `system` message.
    public let type: MessageType
    /// Uploads of the sender to the same chat that this message sends (contract §8).
    public let attachmentIDs: [String]

    public init(text: String, clientID: String?, type: MessageType = .text, attachmentIDs: [String] = []) {
        self.text = text
        self.clientID = clientID
        self.type = type
        self.attachmentIDs = attachmentIDs
    }

    /// Reads `text`, `client_id`, `attachment_ids` and, when `readsType`, `type` (`text` or
    /// `note`). The WebSocket `send` command names the command in its `type` and passes false:
    /// it sends text.
    public init(body: JSONObject, allowing extra: Set<String> = [], readsType: Bool = true) throws(ValidationError) {
        let fields: Set<String> = ["text", "client_id", "attachment_ids"]
        try Validate.onlyKnownFields(body, (readsType ? fields.union(["type"]) : fields).union(extra))
        attachmentIDs = try ChatInput.attachmentIDs(body["attachment_ids"])
        text = try ChatInput.text(body["text"], withAttachments: !attachmentIDs.isEmpty)
        clientID = try ChatInput.clientID(body["client_id"])
        type = readsType ? try Self.type(body["type"]) : .text
    }

    private static func type(_ value: JSONValue?) throws(ValidationError) -> MessageType {
        guard let value, !value.isNull else { return .text }
        switch value.stringValue {
        case "text": return .text
        case "note": return .note
        default: throw ValidationError(field: "type", message: "type must be \"text\" or \"note\".")
        }
    }
}
