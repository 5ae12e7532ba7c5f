import Clock
import Auth
import JSON
import Logging

/// Where a conversation stands (contract §1).
public enum ChatStatus: String, Sendable, CaseIterable {
    case open, pending, resolved, closed
}

/// Who answers a chat (contract §9): the website's bot until a hand-off, then people.
public enum ChatHandler: String, Sendable, CaseIterable {
    case bot, agent
}

/// The end user a chat belongs to, when a visitor started it.
public struct ChatVisitor: Sendable, Equatable {
    public let id: String
    public let name: String?
    public let email: String?

    public var json: JSONValue {
        var object: JSONObject = ["id": .string(id)]
        if let name { object["name"] = .string(name) }
        if let email { object["email"] = .string(email) }
        return .object(object)
    }
}

/// A conversation as stored. Metadata and the last message are kept as the JSON text that was
/// stored, so a list answer splices them in instead of parsing and re-encoding every chat.
public struct Chat: Sendable {
    var row: Int64
    public let id: String
    public let websiteID: String
    public var title: String
    public var status: ChatStatus
    public var priority: Int
    public var isArchived: Bool
    public var visitor: ChatVisitor?
    public var assigneeID: String?
    public var metadataText: String
    public let createdAt: Timestamp
    public var updatedAt: Timestamp
    public var lastActivityAt: Timestamp
    public var messageCount: Int
    public var lastMessageText: String?
    /// The visitor's rating (contract §11), kept when the chat is reopened until a new one.
    public var rating: ChatRating? = nil
    /// When the chat last became `resolved`; a rating given at or after it rates this
    /// resolution, so a chat reopened and resolved again may be rated again.
    public var resolvedAt: Timestamp? = nil
    /// The bot answers it until it is handed off to people (contract §9).
    public var handledBy: ChatHandler = .agent

    /// Whether the visitor already rated the chat's current resolution.
    public var isRatedSinceResolved: Bool {
        guard let rating else { return false }
        guard let resolvedAt else { return true }
        return rating.at >= resolvedAt
    }

    /// Notes a change of status made at `now` from `before`: becoming `resolved` starts a new
    /// resolution, later than the last rating so that rating never counts for it.
    mutating func recordResolution(from before: Chat, at now: Timestamp) {
        guard status == .resolved, before.status != .resolved else { return }
        resolvedAt = max(now, Timestamp(milliseconds: (rating?.at.milliseconds ?? 0) + 1))
    }

    /// The stored metadata, parsed; a `StoredDataError` when it does not parse, which a change
    /// of the chat must never build on.
    public func parsedMetadata() throws(StoredDataError) -> JSONObject {
        try JSONValue.storedObject(metadataText, column: "chats.metadata", key: id)
    }

    /// The metadata for deciding who sees the chat. Stored text that does not parse (a damaged
    /// database) is logged and read as `{}`, which no scope matches: the chat is hidden from
    /// scoped viewers rather than shown to them.
    public var metadata: JSONObject {
        do {
            return try parsedMetadata()
        } catch {
            Logger.standard.failure("reading a chat's stored metadata", error, ["chat": id])
            return [:]
        }
    }

    /// Appends the chat's JSON (contract §1). `unreadCount` is left out when nil: events carry no
    /// unread count, because one encoded frame serves every receiver (contract §5).
    public func encode(into buffer: inout [UInt8], unreadCount: Int?) {
        buffer.append(contentsOf: #"{"id":"#.utf8)
        JSONEncoding.appendString(id, to: &buffer)
        buffer.append(contentsOf: #","website_id":"#.utf8)
        JSONEncoding.appendString(websiteID, to: &buffer)
        buffer.append(contentsOf: #","title":"#.utf8)
        JSONEncoding.appendString(title, to: &buffer)
        buffer.append(contentsOf: #","status":""#.utf8)
        buffer.append(contentsOf: status.rawValue.utf8)
        buffer.append(contentsOf: #"","priority":"#.utf8)
        JSONEncoding.appendInteger(priority, to: &buffer)
        buffer.append(contentsOf: isArchived ? #","is_archived":true,"visitor":"#.utf8 : #","is_archived":false,"visitor":"#.utf8)
        if let visitor { visitor.json.encode(into: &buffer) } else { buffer.append(contentsOf: "null".utf8) }
        buffer.append(contentsOf: #","assignee_id":"#.utf8)
        if let assigneeID { JSONEncoding.appendString(assigneeID, to: &buffer) } else { buffer.append(contentsOf: "null".utf8) }
        buffer.append(contentsOf: #","metadata":"#.utf8)
        buffer.append(contentsOf: metadataText.utf8)
        buffer.append(contentsOf: #","created_at":""#.utf8)
        createdAt.appendRFC3339(to: &buffer)
        buffer.append(contentsOf: #"","updated_at":""#.utf8)
        updatedAt.appendRFC3339(to: &buffer)
        buffer.append(contentsOf: #"","last_activity_at":""#.utf8)
        lastActivityAt.appendRFC3339(to: &buffer)
        buffer.append(contentsOf: #"","last_message":"#.utf8)
        buffer.append(contentsOf: (lastMessageText ?? "null").utf8)
        buffer.append(contentsOf: #","message_count":"#.utf8)
        JSONEncoding.appendInteger(messageCount, to: &buffer)
        buffer.append(contentsOf: #","rating":"#.utf8)
        if let rating { rating.encode(into: &buffer) } else { buffer.append(contentsOf: "null".utf8) }
        buffer.append(contentsOf: #","handled_by":""#.utf8)
        buffer.append(contentsOf: handledBy.rawValue.utf8)
        buffer.append(UInt8(ascii: "\""))
        if let unreadCount {
            buffer.append(contentsOf: #","unread_count":"#.utf8)
            JSONEncoding.appendInteger(unreadCount, to: &buffer)
        }
        buffer.append(UInt8(ascii: "}"))
    }

    public func encoded(unreadCount: Int?) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(512 + metadataText.utf8.count + (lastMessageText?.utf8.count ?? 0))
        encode(into: &buffer, unreadCount: unreadCount)
        return buffer
    }
}

/// Who sent a message (contract §1 `sender`).
public struct MessageSender: Sendable, Equatable {
    public let id: String
    public let role: Role
    public let name: String?

    public init(id: String, role: Role, name: String?) {
        self.id = id
        self.role = role
        self.name = name
    }

    /// How a principal appears to others in messages, typing and presence: no email.
    public init(_ principal: Principal) {
        self.init(id: principal.id, role: principal.role, name: principal.name)
    }

    /// `{"id":…,"role":…,"name":…}`, the name only when known.
    public func encode(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: #"{"id":"#.utf8)
        JSONEncoding.appendString(id, to: &buffer)
        buffer.append(contentsOf: #","role":""#.utf8)
        buffer.append(contentsOf: role.rawValue.utf8)
        buffer.append(UInt8(ascii: "\""))
        if let name {
            buffer.append(contentsOf: #","name":"#.utf8)
            JSONEncoding.appendString(name, to: &buffer)
        }
        buffer.append(UInt8(ascii: "}"))
    }
}

public enum MessageType: String, Sendable {
    case text, system
    /// Staff's private note in a chat (contract §10): it never reaches a visitor by any path.
    case note
}

/// A message as stored (contract §1).
public struct Message: Sendable, Equatable {
    public let id: String
    public let chatID: String
    public let seq: Int
    public let sender: MessageSender
    public let type: MessageType
    public let text: String
    public let clientID: String?
    public let createdAt: Timestamp
    /// A `system` message's machine-readable side (`{"action": …, …}`, JSON object text); nil
    /// for every other type.
    public let data: String?
    /// The attachments sent with it (contract §8), as the JSON array of Attachment objects they
    /// were encoded to once when it was sent (they never change); nil when there are none.
    public let attachments: String?

    public init(id: String, chatID: String, seq: Int, sender: MessageSender, type: MessageType, text: String, clientID: String?,
                createdAt: Timestamp, data: String? = nil, attachments: String? = nil) {
        self.id = id
        self.chatID = chatID
        self.seq = seq
        self.sender = sender
        self.type = type
        self.text = text
        self.clientID = clientID
        self.createdAt = createdAt
        self.data = data
        self.attachments = attachments
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: #"{"id":"#.utf8)
        JSONEncoding.appendString(id, to: &buffer)
        buffer.append(contentsOf: #","chat_id":"#.utf8)
        JSONEncoding.appendString(chatID, to: &buffer)
        buffer.append(contentsOf: #","seq":"#.utf8)
        JSONEncoding.appendInteger(seq, to: &buffer)
        buffer.append(contentsOf: #","sender":"#.utf8)
        sender.encode(into: &buffer)
        buffer.append(contentsOf: #","type":""#.utf8)
        buffer.append(contentsOf: type.rawValue.utf8)
        buffer.append(contentsOf: #"","text":"#.utf8)
        JSONEncoding.appendString(text, to: &buffer)
        buffer.append(contentsOf: #","attachments":"#.utf8)
        buffer.append(contentsOf: (attachments ?? "[]").utf8)
        if let data {
            buffer.append(contentsOf: #","data":"#.utf8)
            buffer.append(contentsOf: data.utf8)
        }
        buffer.append(contentsOf: #","client_id":"#.utf8)
        if let clientID { JSONEncoding.appendString(clientID, to: &buffer) } else { buffer.append(contentsOf: "null".utf8) }
        buffer.append(contentsOf: #","created_at":""#.utf8)
        createdAt.appendRFC3339(to: &buffer)
        buffer.append(contentsOf: #""}"#.utf8)
    }

    public var encoded: [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256 + text.utf8.count)
        encode(into: &buffer)
        return buffer
    }
}
