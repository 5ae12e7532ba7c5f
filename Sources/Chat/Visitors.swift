import Auth
import Clock
import JSON
import Logging
import Store

/// A visitor's data as a whole (contract §11): what an admin exports for them, and the deletion
/// that leaves nothing of them — their chats with every message, read mark, metadata index row
/// and search entry, and the chats' events in the log, which polls and replays then no longer return. One
/// transaction: all of it is gone, or none of it.
public struct Visitors: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// The tables a deletion empties rows of, whose freed space is then erased.
    static let erasedTables = ["chats", "messages", "read_marks", "chat_metadata", "events", "visitor_profiles", "attachments",
                               "search_entries"]

    /// Chats deleted per statement, so a visitor with thousands of chats needs no statement with
    /// thousands of parameters.
    static let chatsPerStatement = 200

    /// `{"visitor_id", "chats": [Chat + "messages": [...]], "attachments": [...]}`: every chat of
    /// the visitor in the admin's website with every message in it, notes left out, and the
    /// records of the attachments the visitor sees in them (none of a note's).
    public func export(_ visitorID: String, by viewer: Viewer) async throws -> [UInt8] {
        try Self.requireAdmin(viewer)
        let websiteID = viewer.websiteID
        return try await store.read { database in
            var body: [UInt8] = Array(#"{"visitor_id":"#.utf8)
            JSONEncoding.appendString(visitorID, to: &body)
            body.append(contentsOf: #","chats":["#.utf8)
            let chats = try ChatRows.all(ofVisitor: visitorID, websiteID: websiteID, in: database)
            for (index, chat) in chats.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                var encoded = chat.encoded(unreadCount: nil)
                encoded.removeLast()  // the closing brace: the chat's messages go inside it
                body.append(contentsOf: encoded)
                body.append(contentsOf: #","messages":["#.utf8)
                for (number, message) in try MessageRows.all(of: chat, includingNotes: false, in: database).enumerated() {
                    if number > 0 { body.append(UInt8(ascii: ",")) }
                    message.encode(into: &body)
                }
                body.append(contentsOf: "]}".utf8)
            }
            body.append(contentsOf: #"],"attachments":["#.utf8)
            var first = true
            for start in stride(from: 0, to: chats.count, by: Self.chatsPerStatement) {
                let rows = chats[start..<min(start + Self.chatsPerStatement, chats.count)].map(\.row)
                for attachment in try AttachmentRows.visible(toVisitor: visitorID, ofChats: rows, in: database) {
                    if !first { body.append(UInt8(ascii: ",")) }
                    first = false
                    body.append(contentsOf: attachment.encoded())
                }
            }
            body.append(contentsOf: "]}".utf8)
            return body
        }
    }

    /// What a deletion removed: how many chats, and the digests of the attachment files their
    /// attachments named (for `Attachments.removeUnreferenced`: a file goes with its last row).
    public struct Deletion: Sendable {
        public let chats: Int
        public let attachmentDigests: [String]
    }

    /// Deletes everything of the visitor in the admin's website.
    /// Afterwards the freed space is erased (`Store.eraseFreedSpace`); that step failing (a long
    /// read kept SQLite's log) is logged, not answered: the rows are gone, and the log's old
    /// pages are overwritten at the next checkpoints.
    public func delete(_ visitorID: String, by viewer: Viewer) async throws -> Deletion {
        try Self.requireAdmin(viewer)
        let websiteID = viewer.websiteID
        let deleted = try await store.write { database in
            // The freed space is zeroed as it is freed, where the backend can (SQLite).
            if let erasing = database.dialect.erasingDeletes { try database.execute(erasing.on) }
            defer {
                if let erasing = database.dialect.erasingDeletes {
                    do {
                        try database.execute(erasing.off)
                    } catch {
                        Logger.standard.failure("turning erasing deletes off again failed", error)
                    }
                }
            }
            let chats = try ChatRows.all(ofVisitor: visitorID, websiteID: websiteID, in: database)
            var digests: [String] = []
            for start in stride(from: 0, to: chats.count, by: Self.chatsPerStatement) {
                let some = chats[start..<min(start + Self.chatsPerStatement, chats.count)]
                let rows = some.map(\.row)
                try SearchRows.delete(ofChats: rows, in: database)
                try MessageRows.delete(ofChats: rows, in: database)
                try ReadMarkRows.delete(ofChats: rows, in: database)
                try MetadataIndexTable.delete(ofChats: rows, in: database)
                digests += try AttachmentRows.delete(ofChats: rows, in: database)
                try EventLogStorage.erase(chats: some.map(\.id), websiteID: websiteID, in: database)
                try ChatRows.delete(rows: rows, in: database)
            }
            try VisitorProfileRows.delete(visitorID, websiteID: websiteID, in: database)
            if !chats.isEmpty { try SearchRows.eraseDeleted(in: database) }
            return Deletion(chats: chats.count, attachmentDigests: digests)
        }
        do {
            try await store.eraseFreedSpace(of: Self.erasedTables)
        } catch {
            Logger.standard.failure("erasing a deleted visitor's freed space failed; later checkpoints overwrite it", error)
        }
        return deleted
    }

    /// Chats whose `chat.updated` a profile change announces: the most recently active. Older
    /// ones change as well and show it when next read; a visitor with thousands of chats cannot
    /// make one request write thousands of events.
    static let announcedChatsPerProfileChange = 50

    /// The visitor sets their own name and email (contract §11, `PATCH /me`); every chat of
    /// theirs shows them from now on, and new chats start with them. Returns the profile.
    public func updateOwnProfile(_ changes: VisitorProfileChanges, by viewer: Viewer) async throws -> ChatVisitor {
        guard viewer.principal.role == .visitor else { throw ChatError.forbidden("Only visitors have a profile here.") }
        let principal = viewer.principal
        let websiteID = viewer.websiteID
        return try await store.write { database in
            let stored = try VisitorProfileRows.find(principal.id, websiteID: websiteID, in: database)
            let name = changes.name ?? stored.map(\.name) ?? principal.name
            let email = changes.email ?? stored.map(\.email) ?? principal.email
            let visitor = ChatVisitor(id: principal.id, name: name, email: email)
            let now = Timestamp.now()
            try VisitorProfileRows.save(principal.id, websiteID: websiteID, name: name, email: email, at: now.milliseconds, in: database)
            let chats = try ChatRows.all(ofVisitor: principal.id, websiteID: websiteID, in: database)
            try ChatRows.setVisitor(visitor, websiteID: websiteID, at: now.milliseconds, in: database)
            let announced = chats.filter { $0.visitor != visitor }.sorted { $0.lastActivityAt > $1.lastActivityAt }
                .prefix(Self.announcedChatsPerProfileChange)
            for before in announced {
                var chat = before
                chat.visitor = visitor
                chat.updatedAt = max(now, Timestamp(milliseconds: before.updatedAt.milliseconds + 1))
                try EventLog.append(.chatUpdated, chat: chat, before: before, at: now, data: chat.encoded(unreadCount: nil), in: database)
            }
            return visitor
        }
    }

    /// A visitor's data is the website's to hand out or erase: admins whose token has no scope.
    static func requireAdmin(_ viewer: Viewer) throws(ChatError) {
        guard viewer.principal.role == .admin, viewer.visibility.conditions.isEmpty else {
            throw ChatError.forbidden("Only an admin without a scope exports or deletes a visitor's data.")
        }
    }
}

/// The body of `PATCH /me`: `name` (1–100 characters, trimmed) and `email`, each optional and
/// each `null` to clear it. A member left out keeps its value; a nil here means "left out", and
/// `.some(nil)` "cleared".
public struct VisitorProfileChanges: Sendable {
    public var name: String??
    public var email: String??

    public init(body: JSONObject) throws(ValidationError) {
        try Validate.onlyKnownFields(body, ["name", "email"])
        if let value = body["name"] { name = value.isNull ? .some(nil) : .some(try Validate.text(value, field: "name", length: 1...100)) }
        if let value = body["email"] { email = value.isNull ? .some(nil) : .some(try Self.email(value)) }
        guard name != nil || email != nil else {
            throw ValidationError(field: "body", message: "Give name, email or both.")
        }
    }

    /// An address as people type it: one `@`, something before it, a domain with a dot after
    /// it, no spaces or control characters, at most 254 bytes (RFC 5321's path limit). Checked on
    /// the UTF-8 bytes, not on Characters: an `@` or `.` followed by a combining mark is still
    /// that `@` or `.`, as the document's pattern (on code points) says.
    static func email(_ value: JSONValue) throws(ValidationError) -> String {
        let refusal = ValidationError(field: "email", message: "email must be an address such as ada@example.com.")
        guard let text = value.stringValue, (3...254).contains(text.utf8.count),
              text.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { throw refusal }
        let (at, dot) = (UInt8(ascii: "@"), UInt8(ascii: "."))
        let parts = text.utf8.split(separator: at, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let domain = parts.last, domain.contains(dot), domain.first != dot,
              domain.last != dot else {
            throw refusal
        }
        return text
    }
}
