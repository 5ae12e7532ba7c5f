import Chat
import Clock
import Filters
import JSON
import Store

/// Rows written the way an older release wrote them, in SQL that every schema version from 3 on
/// accepts: the domain's own code writes the newest schema's columns (a website's `auto_assign`,
/// a message's `data`), so it cannot fill a database of an older version for an upgrade test.
enum OlderReleaseRows {
    /// A website with default settings; its id.
    static func website(in store: Store) async throws -> String {
        let id = Identifier.make(prefix: "ws_")
        let now = Timestamp.now().milliseconds
        try await store.write { database in
            try database.run("""
                INSERT INTO websites (id, name, allowed_origins, widget, secret, created_at, updated_at) VALUES (?, 'Shop', '[]', '{}', 's', ?, ?)
                """, [.text(id), .integer(now), .integer(now)])
        }
        return id
    }

    /// A visitor's chat without messages; its id.
    static func chat(websiteID: String, visitorID: String, in store: Store) async throws -> String {
        let id = Identifier.makeSortable(prefix: "ch_")
        let now = Timestamp.now().milliseconds
        try await store.write { database in
            try database.run("""
                INSERT INTO chats (id, website_id, title, status, priority, is_archived, visitor_id, visitor, assignee_id, metadata,
                                   created_at, updated_at, last_activity_at, message_count, last_message)
                VALUES (?, ?, '', 'open', 0, 0, ?, ?, NULL, '{}', ?, ?, ?, 0, NULL)
                """, [.text(id), .text(websiteID), .text(visitorID), .text(#"{"id":"\#(visitorID)"}"#), .integer(now), .integer(now),
                      .integer(now)])
        }
        return id
    }

    /// A chat an agent made with `title` and `metadata`, and its filter index rows as schema 2 to
    /// 4 wrote them (a number in the index's `num` column, whatever that column's type is).
    static func chat(title: String, metadata: JSONObject, websiteID: String, in store: Store) async throws {
        let id = Identifier.makeSortable(prefix: "ch_")
        let now = Timestamp.now().milliseconds
        try await store.write { database in
            let row = try database.queryOne("""
                INSERT INTO chats (id, website_id, title, status, priority, is_archived, visitor_id, visitor, assignee_id, metadata,
                                   created_at, updated_at, last_activity_at, message_count, last_message)
                VALUES (?, ?, ?, 'open', 0, 0, NULL, NULL, NULL, ?, ?, ?, ?, 0, NULL) RETURNING row
                """, [.text(id), .text(websiteID), .text(title), .text(JSONValue.object(metadata).jsonText), .integer(now),
                      .integer(now), .integer(now)]) { $0.int(0) ?? 0 } ?? 0
            var rows: [MetadataIndex.Row] = []
            MetadataIndex.forEachRow(of: metadata) { rows.append($0); return true }
            for index in rows {
                try database.run("INSERT INTO chat_metadata (chat, website_id, path, kind, num, str) VALUES (?, ?, ?, ?, ?, ?)", [
                    .integer(row), .text(websiteID), .text(index.pathText), .integer(index.kindCode), index.number ?? .null,
                    index.string.map(SQLValue.text) ?? .null,
                ])
            }
        }
    }

    /// The visitor's next text message in the chat; its id.
    static func message(_ text: String, clientID: String?, in chatID: String, by visitorID: String, store: Store) async throws -> String {
        let id = Identifier.makeSortable(prefix: "msg_")
        let now = Timestamp.now().milliseconds
        try await store.write { database in
            try database.run("""
                INSERT INTO messages (id, chat, website_id, seq, sender_id, sender_role, sender_name, type, text, client_id, created_at)
                SELECT ?, row, website_id, message_count + 1, ?, 'visitor', NULL, 'text', ?, ?, ? FROM chats WHERE id = ?
                """, [.text(id), .text(visitorID), .text(text), clientID.map(SQLValue.text) ?? .null, .integer(now), .text(chatID)])
            try database.run("UPDATE chats SET message_count = message_count + 1, last_activity_at = ? WHERE id = ?",
                             [.integer(now), .text(chatID)])
        }
        return id
    }
}
