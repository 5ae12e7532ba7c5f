import Clock
import JSON
import Store

/// The kinds of persisted events (contract §1 Event); typing and presence are not persisted.
public enum EventType: String, Sendable {
    case chatCreated = "chat.created"
    case chatUpdated = "chat.updated"
    case messageCreated = "message.created"
    case read
    /// The visitor rated the chat (contract §11); data: the Chat.
    case chatRated = "chat.rated"
}

/// The event log: every change appends its event in the same transaction as the change, so a
/// committed change always has its event and an event never describes something rolled back.
/// The realtime layer replays it for resume and polling. Ids are never reused as long as the
/// newest event is never deleted; whatever cleans up old events must keep it.
///
/// Each row keeps the event's JSON already encoded, except its id, which the store assigns in
/// commit order on every backend (`LogAppend`): the stored text is everything after
/// `{"id":"<cursor>",`, and the full event is that prefix followed by the stored bytes — encoded
/// once, however many receivers it reaches.
public enum EventLog {
    /// An event's JSON without its id, the part stored and shared: everything after
    /// `{"id":"<cursor>",`. Typing and presence events, which are not stored, are built the same
    /// way; presence has no `chat_id`.
    public static func tail(type: String, chatID: String?, at time: Timestamp, data: [UInt8]) -> [UInt8] {
        var tail: [UInt8] = []
        tail.reserveCapacity(96 + data.count)
        tail.append(contentsOf: #""type":"#.utf8)
        JSONEncoding.appendString(type, to: &tail)
        if let chatID {
            tail.append(contentsOf: #","chat_id":"#.utf8)
            JSONEncoding.appendString(chatID, to: &tail)
        }
        tail.append(contentsOf: #","at":""#.utf8)
        time.appendRFC3339(to: &tail)
        tail.append(contentsOf: #"","data":"#.utf8)
        tail.append(contentsOf: data)
        tail.append(UInt8(ascii: "}"))
        return tail
    }

    /// Appends the event of a change to `chat`, which is the chat right after the change;
    /// `before` is the chat right before it, for changes that can move a chat out of a filter.
    /// Only such a change stores the chat's metadata with its routes (`ChatRoute`): the events of
    /// a new chat, a message or a read mark stay small however large the metadata is.
    static func append(_ type: EventType, chat: Chat, before: Chat? = nil, at time: Timestamp,
                       data: [UInt8], staffOnly: Bool = false, in database: Database) throws {
        let websiteID = chat.websiteID
        let chatID = chat.id
        let tail = tail(type: type.rawValue, chatID: chatID, at: time, data: data)
        try EventLogStorage.insert(websiteID: websiteID, chatID: chatID, type: type, at: time.milliseconds,
                                   tail: String(decoding: tail, as: UTF8.self), route: ChatRoute.encode(chat, withMetadata: before != nil, staffOnly: staffOnly),
                                   routeBefore: before.map { ChatRoute.encode($0, withMetadata: true) }, in: database)
    }
}
