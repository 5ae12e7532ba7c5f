import Auth
import JSON
import Logging
import Store

/// A visitor's data as a whole (contract §11): what an admin exports for them, and the deletion
/// that leaves nothing of them — their chats with every message, read mark and metadata index
/// row, and the chats' events in the log, which polls and replays then no longer return. One
/// transaction: all of it is gone, or none of it.
public struct Visitors: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// The tables a deletion empties rows of, whose freed space is then erased.
    static let erasedTables = ["chats", "messages", "read_marks", "chat_metadata", "events"]

    /// Chats deleted per statement, so a visitor with thousands of chats needs no statement with
    /// thousands of parameters.
    static let chatsPerStatement = 200

    /// `{"visitor_id", "chats": [Chat + "messages": [...]], "attachments": []}`: every chat of the
    /// visitor in the admin's website with every message in it, notes left out.
    public func export(_ visitorID: String, by viewer: Viewer) async throws -> [UInt8] {
        try Self.requireAdmin(viewer)
        let websiteID = viewer.websiteID
        return try await store.read { database in
            var body: [UInt8] = Array(#"{"visitor_id":"#.utf8)
            JSONEncoding.appendString(visitorID, to: &body)
            body.append(contentsOf: #","chats":["#.utf8)
            for (index, chat) in try ChatRows.all(ofVisitor: visitorID, websiteID: websiteID, in: database).enumerated() {
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
            body.append(contentsOf: #"],"attachments":[]}"#.utf8)
            return body
        }
    }

    /// Deletes everything of the visitor in the admin's website; returns how many chats went.
    /// Afterwards the freed space is erased (`Store.eraseFreedSpace`); that step failing (a long
    /// read kept SQLite's log) is logged, not answered: the rows are gone, and the log's old
    /// pages are overwritten at the next checkpoints.
    public func delete(_ visitorID: String, by viewer: Viewer) async throws -> Int {
        try Self.requireAdmin(viewer)
        let websiteID = viewer.websiteID
        let deleted = try await store.write { database in
            let chats = try ChatRows.all(ofVisitor: visitorID, websiteID: websiteID, in: database)
            for start in stride(from: 0, to: chats.count, by: Self.chatsPerStatement) {
                let some = chats[start..<min(start + Self.chatsPerStatement, chats.count)]
                let rows = some.map(\.row)
                try MessageRows.delete(ofChats: rows, in: database)
                try ReadMarkRows.delete(ofChats: rows, in: database)
                try MetadataIndexTable.delete(ofChats: rows, in: database)
                try EventLogStorage.erase(chats: some.map(\.id), websiteID: websiteID, in: database)
                try ChatRows.delete(rows: rows, in: database)
            }
            return chats.count
        }
        do {
            try await store.eraseFreedSpace(of: Self.erasedTables)
        } catch {
            Logger.standard.failure("erasing a deleted visitor's freed space failed; later checkpoints overwrite it", error)
        }
        return deleted
    }

    /// A visitor's data is the website's to hand out or erase: admins whose token has no scope.
    static func requireAdmin(_ viewer: Viewer) throws(ChatError) {
        guard viewer.principal.role == .admin, viewer.visibility.conditions.isEmpty else {
            throw ChatError.forbidden("Only an admin without a scope exports or deletes a visitor's data.")
        }
    }
}
