import Auth
import Clock
import JSON

/// A file uploaded to a chat (contract §8): what it is, not its bytes, which live in a
/// content-addressed file named by `sha256`.
public struct Attachment: Sendable, Equatable {
    public let id: String
    public let chatID: String
    public let websiteID: String
    /// Who uploaded it: only they may send it (§8).
    public let uploader: Principal
    public let name: String
    /// The declared media type's essence (`image/png`), lowercased, parameters left out.
    public let contentType: String
    public let size: Int
    /// The SHA-256 of the bytes, in lowercase hex: the name of the file that holds them.
    public let sha256: String
    public let width: Int?
    public let height: Int?
    public let createdAt: Timestamp
    /// The message that sent it; nil while it is an upload not sent yet, which only its uploader
    /// sees (it may be meant for a note) and which is deleted after a day (contract §8).
    public let messageID: String?
    /// Sent in a note: hidden from visitors like the note itself (contract §10).
    public let staffOnly: Bool

    public init(id: String, chatID: String, websiteID: String, uploader: Principal, name: String, contentType: String, size: Int,
                sha256: String, width: Int?, height: Int?, createdAt: Timestamp, messageID: String? = nil, staffOnly: Bool = false) {
        self.id = id
        self.chatID = chatID
        self.websiteID = websiteID
        self.uploader = uploader
        self.name = name
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.width = width
        self.height = height
        self.createdAt = createdAt
        self.messageID = messageID
        self.staffOnly = staffOnly
    }

    /// Whether `viewer`, who sees its chat, may see it too.
    func isVisible(to viewer: Viewer) -> Bool {
        guard messageID != nil else { return uploader.id == viewer.principal.id && uploader.role == viewer.principal.role }
        return !staffOnly || viewer.seesNotes
    }

    /// The JSON array of `attachments` as a message carries it.
    static func encodedList(_ attachments: [Attachment]) -> String {
        var buffer: [UInt8] = [UInt8(ascii: "[")]
        for (index, attachment) in attachments.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(contentsOf: attachment.encoded())
        }
        buffer.append(UInt8(ascii: "]"))
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The contract's JSON: `{id, chat_id, name, content_type, size, sha256, width?, height?,
    /// created_at}`, encoded by hand like chats and messages.
    public func encoded() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256 + name.utf8.count)
        buffer.append(contentsOf: #"{"id":"#.utf8)
        JSONEncoding.appendString(id, to: &buffer)
        buffer.append(contentsOf: #","chat_id":"#.utf8)
        JSONEncoding.appendString(chatID, to: &buffer)
        buffer.append(contentsOf: #","name":"#.utf8)
        JSONEncoding.appendString(name, to: &buffer)
        buffer.append(contentsOf: #","content_type":"#.utf8)
        JSONEncoding.appendString(contentType, to: &buffer)
        buffer.append(contentsOf: #","size":"#.utf8)
        JSONEncoding.appendInteger(size, to: &buffer)
        buffer.append(contentsOf: #","sha256":"#.utf8)
        JSONEncoding.appendString(sha256, to: &buffer)
        if let width, let height {
            buffer.append(contentsOf: #","width":"#.utf8)
            JSONEncoding.appendInteger(width, to: &buffer)
            buffer.append(contentsOf: #","height":"#.utf8)
            JSONEncoding.appendInteger(height, to: &buffer)
        }
        buffer.append(contentsOf: #","created_at":""#.utf8)
        createdAt.appendRFC3339(to: &buffer)
        buffer.append(contentsOf: #""}"#.utf8)
        return buffer
    }
}

/// What an upload adds, once its bytes passed the checks and are stored.
public struct NewAttachment: Sendable {
    public let name: String
    public let contentType: String
    public let size: Int
    public let sha256: String
    public let width: Int?
    public let height: Int?

    public init(name: String, contentType: String, size: Int, sha256: String, width: Int?, height: Int?) {
        self.name = name
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.width = width
        self.height = height
    }
}
