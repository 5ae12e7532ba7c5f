import Auth
import Clock
import Store

/// The `attachments` table: every statement on it. A row describes an upload; its bytes are the
/// file named by `sha256`, which identical uploads share.
enum AttachmentRows {
    /// Schema 11 on SQLite, with each website's `attachments` setting (`{}`: the defaults).
    static let sqliteSchemaSQL = """
        ALTER TABLE websites ADD COLUMN attachments TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE attachments (
            id TEXT PRIMARY KEY,
            chat INTEGER NOT NULL REFERENCES chats(row),
            website_id TEXT NOT NULL,
            uploader_id TEXT NOT NULL,
            uploader_role TEXT NOT NULL,
            name TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            width INTEGER,
            height INTEGER,
            created_at INTEGER NOT NULL
        ) STRICT;
        """

    /// Schema 11 on PostgreSQL: the same, texts compared by bytes as on SQLite.
    static let postgresSchemaSQL = """
        ALTER TABLE websites ADD COLUMN attachments TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE attachments (
            id TEXT COLLATE "C" PRIMARY KEY,
            chat BIGINT NOT NULL REFERENCES chats(row),
            website_id TEXT COLLATE "C" NOT NULL,
            uploader_id TEXT COLLATE "C" NOT NULL,
            uploader_role TEXT COLLATE "C" NOT NULL,
            name TEXT NOT NULL,
            content_type TEXT COLLATE "C" NOT NULL,
            size BIGINT NOT NULL,
            sha256 TEXT COLLATE "C" NOT NULL,
            width BIGINT,
            height BIGINT,
            created_at BIGINT NOT NULL
        );
        """

    /// Schema 12 on both backends: an upload is sent by at most one message (`message_id`, null
    /// until then: the unsent ones are found by age and deleted), which may be a note
    /// (`staff_only`: hidden from visitors like the note), and a file is deleted with the last row
    /// naming its digest.
    static let sentMarkerSchemaSQL = """
        ALTER TABLE attachments ADD COLUMN message_id TEXT;
        ALTER TABLE attachments ADD COLUMN staff_only INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX attachments_unsent ON attachments (created_at) WHERE message_id IS NULL;
        CREATE INDEX attachments_by_sha256 ON attachments (sha256);
        ALTER TABLE messages ADD COLUMN attachments TEXT;
        """

    static let columns = ["id", "chat", "website_id", "uploader_id", "uploader_role", "name", "content_type", "size", "sha256",
                          "width", "height", "created_at", "message_id", "staff_only"]

    static func insert(_ attachment: Attachment, chatRow: Int64, in database: Database) throws {
        try database.run("INSERT INTO attachments (\(columns.joined(separator: ", "))) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            .text(attachment.id), .integer(chatRow), .text(attachment.websiteID), .text(attachment.uploader.id),
            .text(attachment.uploader.role.rawValue), .text(attachment.name), .text(attachment.contentType),
            .integer(Int64(attachment.size)), .text(attachment.sha256), optional(attachment.width), optional(attachment.height),
            .integer(attachment.createdAt.milliseconds), attachment.messageID.map(SQLValue.text) ?? .null,
            .integer(attachment.staffOnly ? 1 : 0),
        ])
    }

    /// The attachment `id` of website `websiteID` with the row of its chat.
    static func find(_ id: String, websiteID: String, in database: Database) throws -> (chatRow: Int64, attachment: Attachment)? {
        try database.queryOne("""
            SELECT \(selected) FROM attachments JOIN chats ON chats.row = attachments.chat
            WHERE attachments.id = ? AND attachments.website_id = ?
            """, [.text(id), .text(websiteID)], map: { row in (row.int(0) ?? 0, try attachment(row)) })
    }

    /// The uploads `ids` of `uploader` to the chat with row `chatRow`, in the order of `ids`; nil
    /// when any is not one (unknown, another website's, another chat's or principal's), which a
    /// send answers alike, saying nothing of what others uploaded. Sent ones are among them, with
    /// their `messageID`.
    static func uploads(_ ids: [String], chatRow: Int64, uploader: Principal, in database: Database) throws -> [Attachment]? {
        let found = try database.queryAll("""
            SELECT \(selected) FROM attachments JOIN chats ON chats.row = attachments.chat
            WHERE attachments.id IN (\(ChatRows.placeholders(ids.count))) AND attachments.chat = ? AND attachments.uploader_id = ?
                AND attachments.uploader_role = ?
            """, ids.map(SQLValue.text) + [.integer(chatRow), .text(uploader.id), .text(uploader.role.rawValue)], map: { row in
                try attachment(row)
            })
        guard found.count == ids.count else { return nil }
        return ids.compactMap { id in found.first { $0.id == id } }
    }

    /// Marks `ids` as sent by message `messageID`, hidden from visitors when it is a note.
    static func markSent(_ ids: [String], messageID: String, staffOnly: Bool, in database: Database) throws {
        try database.run("""
            UPDATE attachments SET message_id = ?, staff_only = ? WHERE id IN (\(ChatRows.placeholders(ids.count))) AND message_id IS NULL
            """, [.text(messageID), .integer(staffOnly ? 1 : 0)] + ids.map(SQLValue.text))
    }

    /// The attachments of the chats with `rows` that a visitor sees (sent in a message that is no
    /// note, or their own unsent uploads), for the visitor's export.
    static func visible(toVisitor visitorID: String, ofChats rows: [Int64], in database: Database) throws -> [Attachment] {
        try database.queryAll("""
            SELECT \(selected) FROM attachments JOIN chats ON chats.row = attachments.chat
            WHERE attachments.chat IN (\(ChatRows.placeholders(rows.count))) AND attachments.staff_only = 0
                AND (attachments.message_id IS NOT NULL OR (attachments.uploader_role = 'visitor' AND attachments.uploader_id = ?))
            ORDER BY attachments.id
            """, rows.map(SQLValue.integer) + [.text(visitorID)], map: { row in try attachment(row) })
    }

    /// Deletes the rows of the chats with `rows` (a visitor's data deleted); returns the digests
    /// they named, whose files go once no other row names them.
    static func delete(ofChats rows: [Int64], in database: Database) throws -> [String] {
        try database.queryAll("DELETE FROM attachments WHERE chat IN (\(ChatRows.placeholders(rows.count))) RETURNING sha256",
                              rows.map(SQLValue.integer), map: { row in row.string(0) ?? "" })
    }

    /// Deletes up to `limit` uploads never sent that were made before `cutoff`; returns their
    /// digests.
    static func deleteUnsent(before cutoff: Timestamp, limit: Int, in database: Database) throws -> [String] {
        try database.queryAll("""
            DELETE FROM attachments WHERE id IN (
                SELECT id FROM attachments WHERE message_id IS NULL AND created_at < ? ORDER BY created_at LIMIT ?)
            RETURNING sha256
            """, [.integer(cutoff.milliseconds), .integer(Int64(limit))], map: { row in row.string(0) ?? "" })
    }

    /// Whether any attachment still names the file of `sha256`.
    static func isReferenced(_ sha256: String, in database: Database) throws -> Bool {
        try database.queryOne("SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1", [.text(sha256)], map: { _ in true }) ?? false
    }

    /// The chat's row, then the attachment, as `selected` lists them.
    private static let selected = """
        attachments.chat, attachments.id, chats.id, attachments.website_id, attachments.uploader_id, attachments.uploader_role,
        attachments.name, attachments.content_type, attachments.size, attachments.sha256, attachments.width, attachments.height,
        attachments.created_at, attachments.message_id, attachments.staff_only
        """

    private static func attachment(_ row: borrowing Row) throws(StoredDataError) -> Attachment {
        let id = row.string(1) ?? ""
        guard let role = Role(rawValue: row.string(5) ?? "") else {
            throw StoredDataError(column: "attachments.uploader_role", key: id, problem: "is not a role")
        }
        return Attachment(
            id: id, chatID: row.string(2) ?? "", websiteID: row.string(3) ?? "", uploader: Principal(id: row.string(4) ?? "", role: role),
            name: row.string(6) ?? "", contentType: row.string(7) ?? "", size: Int(row.int(8) ?? 0), sha256: row.string(9) ?? "",
            width: row.int(10).map { Int($0) }, height: row.int(11).map { Int($0) },
            createdAt: Timestamp(milliseconds: row.int(12) ?? 0), messageID: row.string(13), staffOnly: (row.int(14) ?? 0) != 0)
    }

    private static func optional(_ value: Int?) -> SQLValue {
        value.map { .integer(Int64($0)) } ?? .null
    }
}
