import Filters
import JSON

/// What decides who receives an event: the chat as filters see it right after the event, and for
/// a change also as it was right before (a chat that stops matching sends that change to the
/// connections it leaves). It is stored with each event, so a live delivery and a later replay
/// or poll decide with the same data and select the same events, whatever changed since.
///
/// Stored as compact JSON: `{"status":"open","priority":0,"is_archived":false,"visitor_id":null,
/// "assignee_id":null,"created_at":ms,"updated_at":ms,"last_activity_at":ms,"metadata":{...}}`.
public enum ChatRoute {
    static func encode(_ chat: Chat) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(192 + chat.metadataText.utf8.count)
        bytes.append(contentsOf: #"{"status":"#.utf8)
        JSONEncoding.appendString(chat.status.rawValue, to: &bytes)
        bytes.append(contentsOf: #","priority":"#.utf8)
        JSONEncoding.appendInteger(chat.priority, to: &bytes)
        bytes.append(contentsOf: chat.isArchived ? #","is_archived":true"#.utf8 : #","is_archived":false"#.utf8)
        bytes.append(contentsOf: #","visitor_id":"#.utf8)
        appendOptional(chat.visitor?.id, to: &bytes)
        bytes.append(contentsOf: #","assignee_id":"#.utf8)
        appendOptional(chat.assigneeID, to: &bytes)
        for (name, time) in [("created_at", chat.createdAt), ("updated_at", chat.updatedAt), ("last_activity_at", chat.lastActivityAt)] {
            bytes.append(contentsOf: #",""#.utf8)
            bytes.append(contentsOf: name.utf8)
            bytes.append(contentsOf: #"":"#.utf8)
            JSONEncoding.appendInteger(Int(time.milliseconds), to: &bytes)
        }
        bytes.append(contentsOf: #","metadata":"#.utf8)
        bytes.append(contentsOf: chat.metadataText.utf8)
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The stored route of chat `chatID`, or nil if the text is not one (then nobody with a
    /// filter or a restricted view receives the event).
    public static func decode(_ text: String, chatID: String) -> FilterableChat? {
        guard let object = (try? JSONValue(parsing: text))?.objectValue,
              let status = object["status"]?.stringValue, let priority = object["priority"]?.intValue,
              let isArchived = object["is_archived"]?.boolValue, let createdAt = object["created_at"]?.intValue,
              let updatedAt = object["updated_at"]?.intValue, let lastActivityAt = object["last_activity_at"]?.intValue,
              let metadata = object["metadata"]?.objectValue else { return nil }
        return FilterableChat(id: chatID, status: status, priority: priority, isArchived: isArchived,
                              visitorID: object["visitor_id"]?.stringValue, assigneeID: object["assignee_id"]?.stringValue,
                              createdAt: Int64(createdAt), updatedAt: Int64(updatedAt), lastActivityAt: Int64(lastActivityAt),
                              metadata: metadata)
    }

    private static func appendOptional(_ text: String?, to bytes: inout [UInt8]) {
        if let text { JSONEncoding.appendString(text, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
    }
}
