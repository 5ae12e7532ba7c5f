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

    static let columns = ["id", "chat", "website_id", "uploader_id", "uploader_role", "name", "content_type", "size", "sha256",
                          "width", "height", "created_at"]

    static func insert(_ attachment: Attachment, chatRow: Int64, in database: Database) throws {
        try database.run("INSERT INTO attachments (\(columns.joined(separator: ", "))) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            .text(attachment.id), .integer(chatRow), .text(attachment.websiteID), .text(attachment.uploader.id),
            .text(attachment.uploader.role.rawValue), .text(attachment.name), .text(attachment.contentType),
            .integer(Int64(attachment.size)), .text(attachment.sha256), optional(attachment.width), optional(attachment.height),
            .integer(attachment.createdAt.milliseconds),
        ])
    }

    /// The attachment `id` of website `websiteID` with the row of its chat.
    static func find(_ id: String, websiteID: String, in database: Database) throws -> (chatRow: Int64, attachment: Attachment)? {
        try database.queryOne("""
            SELECT attachments.chat, chats.id, attachments.uploader_id, attachments.uploader_role, attachments.name,
                attachments.content_type, attachments.size, attachments.sha256, attachments.width, attachments.height,
                attachments.created_at
            FROM attachments JOIN chats ON chats.row = attachments.chat
            WHERE attachments.id = ? AND attachments.website_id = ?
            """, [.text(id), .text(websiteID)], map: { row throws(StoredDataError) -> (Int64, Attachment) in
                guard let role = Role(rawValue: row.string(3) ?? "") else {
                    throw StoredDataError(column: "attachments.uploader_role", key: id, problem: "is not a role")
                }
                let attachment = Attachment(
                    id: id, chatID: row.string(1) ?? "", websiteID: websiteID, uploader: Principal(id: row.string(2) ?? "", role: role),
                    name: row.string(4) ?? "", contentType: row.string(5) ?? "", size: Int(row.int(6) ?? 0), sha256: row.string(7) ?? "",
                    width: row.int(8).map { Int($0) }, height: row.int(9).map { Int($0) },
                    createdAt: Timestamp(milliseconds: row.int(10) ?? 0))
                return (row.int(0) ?? 0, attachment)
            })
    }

    /// Deletes the rows of the chats with `rows` (a visitor's data deleted). Their files stay:
    /// one may hold the bytes of other uploads too, and removing a file with its last row is
    /// not built yet.
    static func delete(ofChats rows: [Int64], in database: Database) throws {
        try database.run("DELETE FROM attachments WHERE chat IN (\(ChatRows.placeholders(rows.count)))", rows.map(SQLValue.integer))
    }

    private static func optional(_ value: Int?) -> SQLValue {
        value.map { .integer(Int64($0)) } ?? .null
    }
}
