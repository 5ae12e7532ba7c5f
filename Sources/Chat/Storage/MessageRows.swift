import Clock
import Auth
import Store

/// The `messages` table: every statement on it.
enum MessageRows {
    /// Inserts `message` into `chat`; false when a unique index already held it, which wrote
    /// nothing: usually its sender used its `client_id` before. The conflict is an answer, not an
    /// error, because PostgreSQL would abort the whole transaction on an error.
    static func insert(_ message: Message, in chat: Chat, in database: Database) throws -> Bool {
        try database.queryOne("""
            INSERT INTO messages (id, chat, website_id, seq, sender_id, sender_role, sender_name, type, text, client_id, created_at, data,
                attachments)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq
            """, [
                .text(message.id), .integer(chat.row), .text(chat.websiteID), .integer(Int64(message.seq)),
                .text(message.sender.id), .text(message.sender.role.rawValue), ChatRows.optional(message.sender.name),
                .text(message.type.rawValue), .text(message.text), ChatRows.optional(message.clientID),
                .integer(message.createdAt.milliseconds), ChatRows.optional(message.data), ChatRows.optional(message.attachments),
            ], map: { _ in true }) ?? false
    }

    /// Messages of `chat` in ascending `seq`: after `afterSeq`, or the last `limit` before
    /// `beforeSeq`, or (with neither) the latest `limit`; without notes unless `includingNotes`
    /// (a visitor's list leaves them out in SQL, so a page is full and `limit` counts only what
    /// the visitor sees).
    static func list(of chat: Chat, afterSeq: Int?, beforeSeq: Int?, limit: Int, includingNotes: Bool,
                     in database: Database) throws -> [Message] {
        var conditions = includingNotes ? "chat = ?" : "chat = ? AND type <> 'note'"
        var bindings: [SQLValue] = [.integer(chat.row)]
        if let afterSeq {
            conditions += " AND seq > ?"
            bindings.append(.integer(Int64(afterSeq)))
        }
        if let beforeSeq {
            conditions += " AND seq < ?"
            bindings.append(.integer(Int64(beforeSeq)))
        }
        bindings.append(.integer(Int64(limit)))
        let newestFirst = afterSeq == nil
        let sql = "SELECT \(columns) FROM messages WHERE \(conditions) ORDER BY seq \(newestFirst ? "DESC" : "ASC") LIMIT ?"
        let messages = try database.queryAll(sql, bindings) { row in try message(row, chatID: chat.id) }
        return newestFirst ? messages.reversed() : messages
    }

    /// Every message of `chat`, notes only `includingNotes`, in `seq` order: for exports.
    static func all(of chat: Chat, includingNotes: Bool, in database: Database) throws -> [Message] {
        let notes = includingNotes ? "" : " AND type <> 'note'"
        return try database.queryAll("SELECT \(columns) FROM messages WHERE chat = ?\(notes) ORDER BY seq", [.integer(chat.row)]) { row in
            try message(row, chatID: chat.id)
        }
    }

    /// The texts of the messages at `keys` (chat row, seq), in one statement: for search snippets.
    static func texts(of keys: [(chat: Int64, seq: Int64)], in database: Database) throws -> [MessageKey: String] {
        guard !keys.isEmpty else { return [:] }
        let values = Array(repeating: "(?, ?)", count: keys.count).joined(separator: ", ")
        var texts: [MessageKey: String] = [:]
        // A join, not `(chat, seq) IN (VALUES …)`, which SQLite answers by scanning every message.
        try database.query("""
            SELECT messages.chat, messages.seq, messages.text FROM (VALUES \(values)) AS keys
            JOIN messages ON messages.chat = keys.column1 AND messages.seq = keys.column2
            """,
                           keys.flatMap { [SQLValue.integer($0.chat), .integer($0.seq)] }) { row in
            texts[MessageKey(chat: row.int(0) ?? 0, seq: row.int(1) ?? 0)] = row.string(2) ?? ""
        }
        return texts
    }

    /// Deletes every message of the chats with `rows`.
    static func delete(ofChats rows: [Int64], in database: Database) throws {
        try database.run("DELETE FROM messages WHERE chat IN (\(ChatRows.placeholders(rows.count)))", rows.map(SQLValue.integer))
    }

    /// The message `sender` sent in website `websiteID` with `clientID`, with its chat's row.
    static func find(clientID: String, websiteID: String, sender: Principal, in database: Database) throws -> (chatRow: Int64, message: Message)? {
        try database.queryOne("""
            SELECT chat, (SELECT id FROM chats WHERE row = messages.chat), \(columns) FROM messages
            WHERE website_id = ? AND sender_id = ? AND sender_role = ? AND client_id = ?
            """, [.text(websiteID), .text(sender.id), .text(sender.role.rawValue), .text(clientID)],
            map: { row -> (Int64, Message) in
                (row.int(0) ?? 0, try message(row, chatID: row.string(1) ?? "", first: 2))
            })
    }

    private static let columns = "id, seq, sender_id, sender_role, sender_name, type, text, client_id, created_at, data, attachments"

    /// Reads `columns`, starting at column `first` of the row; a `StoredDataError` for a role or
    /// type this program never writes.
    private static func message(_ row: borrowing Row, chatID: String, first: Int = 0) throws(StoredDataError) -> Message {
        let id = row.string(first) ?? ""
        guard let role = Role(rawValue: row.string(first + 3) ?? "") else {
            throw StoredDataError(column: "messages.sender_role", key: id, problem: "is not a role")
        }
        guard let type = MessageType(rawValue: row.string(first + 5) ?? "") else {
            throw StoredDataError(column: "messages.type", key: id, problem: "is not a message type")
        }
        return Message(id: id, chatID: chatID, seq: Int(row.int(first + 1) ?? 0),
                       sender: MessageSender(id: row.string(first + 2) ?? "", role: role, name: row.string(first + 4)),
                       type: type, text: row.string(first + 6) ?? "",
                       clientID: row.string(first + 7), createdAt: Timestamp(milliseconds: row.int(first + 8) ?? 0),
                       data: row.string(first + 9), attachments: row.string(first + 10))
    }
}
