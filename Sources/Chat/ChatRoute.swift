import Filters
import JSON
import Store

/// What decides who receives an event: the chat as filters see it right after the event, and for
/// a change also as it was right before (a chat that stops matching sends that change to the
/// connections it leaves). It is stored with each event, so a live delivery and a later replay
/// or poll decide with the same data and select the same events, whatever changed since.
///
/// Stored as compact JSON: `{"status":"open","priority":0,"is_archived":false,"visitor_id":null,
/// "assignee_id":null,"created_at":ms,"updated_at":ms,"last_activity_at":ms,"rating":4,"metadata":{...}}`
/// (`rating` since schema 13 and only when rated: an older event reads as not rated;
/// `"handled_by":"bot"` since schema 14 and only for a bot's chat),
/// with `"staff_only":true` at the end for an event no visitor may receive (a note's, §10): the
/// mark travels with the event, so the live stream, polls and replays all leave it out alike.
///
/// Since schema 6 only a change (an event with a `route_before`) stores the metadata, in both
/// routes: a message or a read mark cannot change it, and copying up to 16 KiB of metadata into
/// every `message.created` made each event row as large as the chat's metadata (issue 13). An
/// event stored without it had the metadata that the chat's next change found before it
/// (`route_before` of the chat's first later event that has one), or, when no change came
/// since, the metadata the chat has now. Retention deletes the oldest events first, so that next
/// change is still stored whenever the event is; older events keep their inline copy.
public enum ChatRoute {
    /// The routes stored with one event, read back.
    public struct Decoded: Sendable {
        public let after: FilterableChat?
        public let before: FilterableChat?
        /// Only staff receive the event.
        public let staffOnly: Bool
    }

    static func encode(_ chat: Chat, withMetadata: Bool, staffOnly: Bool = false) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(192 + (withMetadata ? chat.metadataText.utf8.count : 0))
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
        if let rating = chat.rating {
            bytes.append(contentsOf: #","rating":"#.utf8)
            JSONEncoding.appendInteger(rating.score, to: &bytes)
        }
        if chat.handledBy == .bot { bytes.append(contentsOf: #","handled_by":"bot""#.utf8) }
        if withMetadata {
            bytes.append(contentsOf: #","metadata":"#.utf8)
            bytes.append(contentsOf: chat.metadataText.utf8)
        }
        if staffOnly { bytes.append(contentsOf: #","staff_only":true"#.utf8) }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The chat before and after event `eventID` as stored with it (`route`, `route_before`), its
    /// metadata found as described above when the route does not hold it. Call it while the
    /// statement that read the event is still stepping (or inside one transaction), so the
    /// lookup sees the same snapshot of the log and the chats. A route that does not parse is a
    /// `StoredDataError`; a chat that no longer exists has no route (nil).
    public static func decode(route: String?, routeBefore: String?, eventID: Int64, chatID: String,
                              in database: Database) throws -> Decoded {
        var resolved: JSONObject??
        func metadata() throws -> JSONObject? {
            if let resolved { return resolved }
            let found = try Self.metadata(at: eventID, of: chatID, in: database)
            resolved = .some(found)
            return found
        }
        var staffOnly = false
        func chat(_ text: String?, column: String) throws -> FilterableChat? {
            guard let text else { return nil }
            let object = try JSONValue.storedObject(text, column: column, key: "event \(eventID)")
            if column == "events.route", object["staff_only"]?.boolValue == true { staffOnly = true }
            if let inline = object["metadata"] {
                guard case .object(let metadata) = inline else {
                    throw StoredDataError(column: column, key: "event \(eventID)", problem: "holds metadata that is not an object")
                }
                return try filterable(object, metadata: metadata, chatID: chatID, column: column, eventID: eventID)
            }
            guard let metadata = try metadata() else { return nil }
            return try filterable(object, metadata: metadata, chatID: chatID, column: column, eventID: eventID)
        }
        let after = try chat(route, column: "events.route")
        return Decoded(after: after, before: try chat(routeBefore, column: "events.route_before"), staffOnly: staffOnly)
    }

    /// The chat's metadata as it was at event `eventID`: the `route_before` of its first later
    /// change, else its current metadata, both from one snapshot. Nil when the chat no longer
    /// exists.
    private static func metadata(at eventID: Int64, of chatID: String, in database: Database) throws -> JSONObject? {
        let texts = try EventLogStorage.routeMetadata(at: eventID, of: chatID, in: database)
        if let change = texts?.change {
            let key = "the change after event \(eventID)"
            guard case .object(let metadata)? = try JSONValue.storedObject(change, column: "events.route_before", key: key)["metadata"] else {
                throw StoredDataError(column: "events.route_before", key: key, problem: "holds no metadata object")
            }
            return metadata
        }
        guard let current = texts?.current else { return nil }
        return try JSONValue.storedObject(current, column: "chats.metadata", key: chatID)
    }

    private static func filterable(_ object: JSONObject, metadata: JSONObject, chatID: String, column: String,
                                   eventID: Int64) throws -> FilterableChat {
        guard let status = object["status"]?.stringValue, let priority = object["priority"]?.intValue,
              let isArchived = object["is_archived"]?.boolValue, let createdAt = object["created_at"]?.intValue,
              let updatedAt = object["updated_at"]?.intValue, let lastActivityAt = object["last_activity_at"]?.intValue else {
            throw StoredDataError(column: column, key: "event \(eventID)", problem: "lacks a standard field")
        }
        return FilterableChat(id: chatID, status: status, priority: priority, isArchived: isArchived,
                              visitorID: object["visitor_id"]?.stringValue, assigneeID: object["assignee_id"]?.stringValue,
                              createdAt: Int64(createdAt), updatedAt: Int64(updatedAt), lastActivityAt: Int64(lastActivityAt),
                              metadata: metadata, rating: object["rating"]?.intValue,
                              handledBy: object["handled_by"]?.stringValue ?? ChatHandler.agent.rawValue)
    }

    private static func appendOptional(_ text: String?, to bytes: inout [UInt8]) {
        if let text { JSONEncoding.appendString(text, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
    }
}
