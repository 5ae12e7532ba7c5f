import Clock
import Auth
import Filters
import JSON
import Store

/// Reading and writing chat rows: the one place that knows the `chats` columns.
enum ChatRows {
    static let columns = """
        chats.row, chats.id, chats.website_id, chats.title, chats.status, chats.priority, chats.is_archived, chats.visitor,
        chats.assignee_id, chats.metadata, chats.created_at, chats.updated_at, chats.last_activity_at,
        chats.message_count, chats.last_message, chats.rating, chats.rating_comment, chats.rated_at, chats.resolved_at,
        chats.handled_by
        """

    /// The chat of a row; a `StoredDataError` when a column holds what this program never writes.
    static func chat(_ row: borrowing Row) throws(StoredDataError) -> Chat {
        let id = row.string(1) ?? ""
        var visitor: ChatVisitor?
        if let text = row.string(7) {
            let object = try JSONValue.storedObject(text, column: "chats.visitor", key: id)
            guard let visitorID = object["id"]?.stringValue else {
                throw StoredDataError(column: "chats.visitor", key: id, problem: "has no id")
            }
            visitor = ChatVisitor(id: visitorID, name: object["name"]?.stringValue, email: object["email"]?.stringValue)
        }
        guard let status = ChatStatus(rawValue: row.string(4) ?? "") else {
            throw StoredDataError(column: "chats.status", key: id, problem: "is not a status")
        }
        guard let handledBy = ChatHandler(rawValue: row.string(19) ?? "") else {
            throw StoredDataError(column: "chats.handled_by", key: id, problem: "is not bot or agent")
        }
        var rating: ChatRating?
        if let score = row.int(15) {
            guard let ratedAt = row.int(17) else { throw StoredDataError(column: "chats.rated_at", key: id, problem: "is missing for a rating") }
            rating = ChatRating(score: Int(score), comment: row.string(16), at: Timestamp(milliseconds: ratedAt))
        }
        return Chat(
            row: row.int(0) ?? 0, id: id, websiteID: row.string(2) ?? "", title: row.string(3) ?? "",
            status: status, priority: Int(row.int(5) ?? 0),
            isArchived: row.int(6) == 1, visitor: visitor, assigneeID: row.string(8), metadataText: row.string(9) ?? "{}",
            createdAt: Timestamp(milliseconds: row.int(10) ?? 0), updatedAt: Timestamp(milliseconds: row.int(11) ?? 0),
            lastActivityAt: Timestamp(milliseconds: row.int(12) ?? 0), messageCount: Int(row.int(13) ?? 0),
            lastMessageText: row.string(14), rating: rating, resolvedAt: row.int(18).map(Timestamp.init(milliseconds:)),
            handledBy: handledBy)
    }

    /// The chat with this public id in this website, visible or not. `locking`: the caller is
    /// about to change the row from what it read (a send takes the next `seq`), so writers on
    /// other nodes wait for this transaction instead of reading the same count.
    static func find(_ id: String, websiteID: String, locking: Bool = false, in database: Database) throws -> Chat? {
        let sql = "SELECT \(columns) FROM chats WHERE chats.id = ? AND chats.website_id = ?"
        return try database.queryOne(locking ? sql + database.dialect.lockingClause : sql, [.text(id), .text(websiteID)], map: chat)
    }

    /// Every chat of a visitor in a website, oldest first.
    static func all(ofVisitor visitorID: String, websiteID: String, in database: Database) throws -> [Chat] {
        try database.queryAll("SELECT \(columns) FROM chats WHERE chats.website_id = ? AND chats.visitor_id = ? ORDER BY chats.row",
                              [.text(websiteID), .text(visitorID)], map: chat)
    }

    /// Sets the `visitor` of every chat of a visitor, moving `updated_at`.
    static func setVisitor(_ visitor: ChatVisitor, websiteID: String, at now: Int64, in database: Database) throws {
        try database.run("""
            UPDATE chats SET visitor = ?, updated_at = CASE WHEN updated_at + 1 > ? THEN updated_at + 1 ELSE ? END
            WHERE website_id = ? AND visitor_id = ?
            """, [.text(visitor.json.jsonText), .integer(now), .integer(now), .text(websiteID), .text(visitor.id)])
    }

    /// Deletes chat rows (their messages, marks, index rows and events go first, by their owners).
    static func delete(rows: [Int64], in database: Database) throws {
        try database.run("DELETE FROM chats WHERE row IN (\(placeholders(rows.count)))", rows.map(SQLValue.integer))
    }

    /// `?, ?, …` for an IN list of `count` values.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    static func find(row: Int64, in database: Database) throws -> Chat? {
        try database.queryOne("SELECT \(columns) FROM chats WHERE chats.row = ?", [.integer(row)], map: chat)
    }

    /// Inserts `chat`; returns the row the database gave it.
    static func insert(_ chat: Chat, in database: Database) throws -> Int64 {
        let row = try database.queryOne("""
            INSERT INTO chats (id, website_id, title, status, priority, is_archived, visitor_id, visitor, assignee_id, metadata,
                               created_at, updated_at, last_activity_at, message_count, last_message, handled_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING row
            """, [
                .text(chat.id), .text(chat.websiteID), .text(chat.title), .text(chat.status.rawValue),
                .integer(Int64(chat.priority)), .integer(chat.isArchived ? 1 : 0), optional(chat.visitor?.id),
                optional(chat.visitor.map { $0.json.jsonText }), optional(chat.assigneeID), .text(chat.metadataText),
                .integer(chat.createdAt.milliseconds), .integer(chat.updatedAt.milliseconds),
                .integer(chat.lastActivityAt.milliseconds), .integer(Int64(chat.messageCount)), optional(chat.lastMessageText),
                .text(chat.handledBy.rawValue),
            ], map: { $0.int(0) })
        guard let row = row ?? nil else { throw StoredDataError(column: "chats.row", key: chat.id, problem: "was not returned by the insert") }
        return row
    }

    /// Writes the fields a PATCH or a hand-off may change (and when the chat was last resolved).
    static func update(_ chat: Chat, in database: Database) throws {
        try database.run("""
            UPDATE chats SET title = ?, status = ?, priority = ?, is_archived = ?, assignee_id = ?, metadata = ?, updated_at = ?,
                             resolved_at = ?, handled_by = ?
            WHERE row = ?
            """, [
                .text(chat.title), .text(chat.status.rawValue), .integer(Int64(chat.priority)), .integer(chat.isArchived ? 1 : 0),
                optional(chat.assigneeID), .text(chat.metadataText), .integer(chat.updatedAt.milliseconds),
                chat.resolvedAt.map { .integer($0.milliseconds) } ?? .null, .text(chat.handledBy.rawValue), .integer(chat.row),
            ])
    }

    /// Writes the chat's rating.
    static func rate(_ chat: Chat, in database: Database) throws {
        guard let rating = chat.rating else { return }
        try database.run("UPDATE chats SET rating = ?, rating_comment = ?, rated_at = ?, updated_at = ? WHERE row = ?", [
            .integer(Int64(rating.score)), optional(rating.comment), .integer(rating.at.milliseconds),
            .integer(chat.updatedAt.milliseconds), .integer(chat.row),
        ])
    }

    /// Schema 13 on SQLite: the visitor's rating (contract §11) and the time of the resolution it
    /// rates. `rating` is the score, the column that `rating__lte=2` compares. A chat resolved
    /// before this version counts as resolved when it last changed.
    static let ratingSchemaSQL = """
        ALTER TABLE chats ADD COLUMN rating INTEGER;
        ALTER TABLE chats ADD COLUMN rating_comment TEXT;
        ALTER TABLE chats ADD COLUMN rated_at INTEGER;
        ALTER TABLE chats ADD COLUMN resolved_at INTEGER;
        UPDATE chats SET resolved_at = updated_at WHERE status = 'resolved';
        """

    /// Schema 14 (both backends, with `WebsiteRows.botSchemaSQL`): who answers the chat (contract
    /// §9); every chat before bots was people's.
    static let handledBySchemaSQL = """
        ALTER TABLE chats ADD COLUMN handled_by TEXT NOT NULL DEFAULT 'agent';
        """

    /// Schema 13 on PostgreSQL, as `ratingSchemaSQL`.
    static let postgresRatingSchemaSQL = """
        ALTER TABLE chats ADD COLUMN rating BIGINT;
        ALTER TABLE chats ADD COLUMN rating_comment TEXT;
        ALTER TABLE chats ADD COLUMN rated_at BIGINT;
        ALTER TABLE chats ADD COLUMN resolved_at BIGINT;
        UPDATE chats SET resolved_at = updated_at WHERE status = 'resolved';
        """

    /// Writes what a new message changes on its chat: the count, the last message, the activity.
    static func recordMessage(_ chat: Chat, in database: Database) throws {
        try database.run("UPDATE chats SET message_count = ?, last_message = ?, last_activity_at = ? WHERE row = ?", [
            .integer(Int64(chat.messageCount)), .text(chat.lastMessageText ?? "null"),
            .integer(chat.lastActivityAt.milliseconds), .integer(chat.row),
        ])
    }

    static func optional(_ text: String?) -> SQLValue {
        text.map(SQLValue.text) ?? .null
    }
}

extension FilterColumns {
    /// The chats table and its metadata index as the chat domain stores them, on the backend of
    /// `dialect`: what a filter is compiled against to select chats.
    public static func chatTables(_ dialect: SQLDialect) -> FilterColumns {
        FilterColumns(field: { field in field == .chatID ? "chats.id" : "chats." + field.rawValue },
                      chatRow: "chats.row", metadataIndex: MetadataIndexTable.columns, dialect: dialect)
    }
}
