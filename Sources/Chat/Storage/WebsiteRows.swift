import Clock
import Auth
import JSON
import Store

/// The `websites` table and the `revisions` counter its triggers bump: every statement on them.
enum WebsiteRows {
    typealias Record = Websites.Record

    static func insert(_ record: Record, at now: Timestamp, in database: Database) throws {
        try database.run("""
            INSERT INTO websites (id, name, allowed_origins, widget, auto_assign, attachments, bot, secret, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, bindings(record.website) + [.text(record.secret), .integer(now.milliseconds), .integer(now.milliseconds)])
    }

    static func find(_ id: String, in database: Database) throws -> Record? {
        try database.queryOne("\(selectColumns) WHERE id = ?", [.text(id)], map: record)
    }

    /// Replaces the secret of website `id`, moving its `updatedAt` past the last version; false
    /// when there is no such website.
    static func replaceSecret(of id: String, with secret: String, at now: Timestamp, in database: Database) throws -> Bool {
        try database.run("UPDATE websites SET secret = ?, updated_at = CASE WHEN updated_at + 1 > ? THEN updated_at + 1 ELSE ? END WHERE id = ?",
                         [.text(secret), .integer(now.milliseconds), .integer(now.milliseconds), .text(id)])
        return database.changes == 1
    }

    /// Writes the fields a change may make to website `id` (not the secret, not the creation time).
    static func update(_ id: String, to website: Website, updatedAt: Timestamp, in database: Database) throws {
        try database.run("""
            UPDATE websites SET name = ?, allowed_origins = ?, widget = ?, auto_assign = ?, attachments = ?, bot = ?, updated_at = ? WHERE id = ?
            """,
                         Array(bindings(website).dropFirst()) + [.integer(updatedAt.milliseconds), .text(id)])
    }

    /// The websites' change counter in `revisions`, bumped by triggers (`Websites.revision`).
    static func revision(in database: Database) throws -> Int64 {
        try database.queryOne("SELECT value FROM revisions WHERE name = 'websites'") { $0.int(0) ?? 0 } ?? 0
    }

    static func all(in database: Database) throws -> [Record] {
        try database.queryAll("\(selectColumns) ORDER BY created_at, id", map: record)
    }

    private static let selectColumns = """
        SELECT id, name, allowed_origins, widget, secret, created_at, updated_at, auto_assign, attachments, bot FROM websites
        """

    /// Website `id`'s `auto_assign`, read inside the write that creates a chat.
    static func autoAssign(of id: String, in database: Database) throws -> Website.AutoAssign {
        let stored = try database.queryOne("SELECT auto_assign FROM websites WHERE id = ?", [.text(id)]) { $0.string(0) ?? "" }
        return stored.flatMap { Website.AutoAssign(rawValue: $0) } ?? .off
    }

    /// Whether website `id` has a bot take new visitor chats, read inside the write that creates
    /// one.
    static func botEnabled(of id: String, in database: Database) throws -> Bool {
        let stored = try database.queryOne("SELECT bot FROM websites WHERE id = ?", [.text(id)]) { $0.string(0) ?? "" }
        guard let stored else { return false }
        return BotSettings(stored: try JSONValue.storedObject(stored, column: "websites.bot", key: id)).enabled
    }

    /// Schema 14 (both backends, with `ChatRows.handledBySchemaSQL`): the website's `bot`
    /// setting (contract §9), `{}` for none.
    static let botSchemaSQL = """
        ALTER TABLE websites ADD COLUMN bot TEXT NOT NULL DEFAULT '{}';
        """

    private static func bindings(_ website: Website) -> [SQLValue] {
        [.text(website.id), .text(website.name),
         .text(JSONValue.array(website.allowedOrigins.map(JSONValue.string)).jsonText), .text(website.widget.json.jsonText),
         .text(website.autoAssign.rawValue), .text(website.attachments.json.jsonText), .text(website.bot.json.jsonText)]
    }

    /// A website row; a `StoredDataError` when its JSON columns do not read back, rather than a
    /// website quietly without origins (which would lift its origin check) or with default widget.
    private static func record(_ row: borrowing Row) throws -> Record {
        let id = row.string(0) ?? ""
        let storedOrigins = try JSONValue.stored(row.string(2) ?? "", column: "websites.allowed_origins", key: id).arrayValue
        guard let origins = storedOrigins?.compactMap(\.stringValue), origins.count == storedOrigins?.count else {
            throw StoredDataError(column: "websites.allowed_origins", key: id, problem: "is not a list of origins")
        }
        let widget = try JSONValue.storedObject(row.string(3) ?? "", column: "websites.widget", key: id)
        let attachments = try JSONValue.storedObject(row.string(8) ?? "", column: "websites.attachments", key: id)
        let bot = try JSONValue.storedObject(row.string(9) ?? "", column: "websites.bot", key: id)
        guard let autoAssign = Website.AutoAssign(rawValue: row.string(7) ?? "") else {
            throw StoredDataError(column: "websites.auto_assign", key: id, problem: "is not a setting this program writes")
        }
        let website = Website(id: id, name: row.string(1) ?? "", allowedOrigins: origins,
                              widget: WidgetSettings(stored: widget, website: id), createdAt: Timestamp(milliseconds: row.int(5) ?? 0),
                              autoAssign: autoAssign, attachments: AttachmentSettings(stored: attachments), bot: BotSettings(stored: bot))
        return Record(website: website, secret: row.string(4) ?? "", updatedAt: Timestamp(milliseconds: row.int(6) ?? 0))
    }
}
