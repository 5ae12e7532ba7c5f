import JSON

/// What the in-memory evaluator needs of a chat: the standard fields and the metadata.
public struct FilterableChat: Sendable {
    public var id: String
    public var status: String
    public var priority: Int
    public var isArchived: Bool
    public var visitorID: String?
    public var assigneeID: String?
    /// Unix milliseconds.
    public var createdAt: Int64
    public var updatedAt: Int64
    public var lastActivityAt: Int64
    public var metadata: JSONObject
    /// The rating's score, nil when not rated.
    public var rating: Int?
    /// `bot` or `agent`.
    public var handledBy: String

    public init(
        id: String,
        status: String,
        priority: Int,
        isArchived: Bool,
        visitorID: String?,
        assigneeID: String?,
        createdAt: Int64,
        updatedAt: Int64,
        lastActivityAt: Int64,
        metadata: JSONObject,
        rating: Int? = nil,
        handledBy: String = "agent"
    ) {
        self.id = id
        self.status = status
        self.priority = priority
        self.isArchived = isArchived
        self.visitorID = visitorID
        self.assigneeID = assigneeID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastActivityAt = lastActivityAt
        self.metadata = metadata
        self.rating = rating
        self.handledBy = handledBy
    }

    /// The field as the JSON value it is evaluated as: numbers for priority, rating and times, a boolean
    /// for `is_archived`, strings (or null) for the rest.
    func value(of field: ChatField) -> JSONValue {
        switch field {
        case .status: .string(status)
        case .priority: .int(priority)
        case .isArchived: .bool(isArchived)
        case .assigneeID: assigneeID.map(JSONValue.string) ?? .null
        case .visitorID: visitorID.map(JSONValue.string) ?? .null
        case .chatID: .string(id)
        case .createdAt: .int(Int(createdAt))
        case .updatedAt: .int(Int(updatedAt))
        case .lastActivityAt: .int(Int(lastActivityAt))
        case .rating: rating.map(JSONValue.int) ?? .null
        case .handledBy: .string(handledBy)
        }
    }

    /// The metadata value at `path`, or nil when a step is missing or is not an object.
    func metadataValue(at path: MetadataPath) -> JSONValue? {
        var object = metadata
        for key in path.keys.dropLast() {
            guard case .object(let next)? = object[key] else { return nil }
            object = next
        }
        return path.keys.last.flatMap { object[$0] }
    }
}
