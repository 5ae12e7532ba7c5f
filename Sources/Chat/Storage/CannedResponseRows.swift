import Clock
import Store

/// The `canned_responses` table: every statement on it.
enum CannedResponseRows {
    /// Schema 9 on SQLite. The unique index is the shortcut's rule and the list's range.
    static let sqliteSchemaSQL = """
        CREATE TABLE canned_responses (
            id TEXT PRIMARY KEY,
            website_id TEXT NOT NULL REFERENCES websites(id),
            shortcut TEXT NOT NULL,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX canned_responses_by_shortcut ON canned_responses (website_id, shortcut);
        """

    /// Schema 9 on PostgreSQL: the same table, shortcuts ordered by bytes as on SQLite.
    static let postgresSchemaSQL = """
        CREATE TABLE canned_responses (
            id TEXT COLLATE "C" PRIMARY KEY,
            website_id TEXT COLLATE "C" NOT NULL REFERENCES websites(id),
            shortcut TEXT COLLATE "C" NOT NULL,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX canned_responses_by_shortcut ON canned_responses (website_id, shortcut);
        """

    private static let columns = "id, website_id, shortcut, title, text, created_at, updated_at"

    /// Inserts `response`. A shortcut its website has already fails on the unique index
    /// (`isUniqueViolation`): the index decides, so two admins racing on two nodes cannot both win.
    static func insert(_ response: CannedResponse, in database: Database) throws {
        try database.run("INSERT INTO canned_responses (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?)", values(response))
    }

    /// Writes the fields a PATCH may change; a shortcut taken fails as `insert` does.
    static func update(_ response: CannedResponse, in database: Database) throws {
        try database.run("UPDATE canned_responses SET shortcut = ?, title = ?, text = ?, updated_at = ? WHERE id = ? AND website_id = ?", [
            .text(response.shortcut), .text(response.title), .text(response.text), .integer(response.updatedAt.milliseconds),
            .text(response.id), .text(response.websiteID),
        ])
    }

    static func delete(_ id: String, websiteID: String, in database: Database) throws -> Bool {
        try database.run("DELETE FROM canned_responses WHERE id = ? AND website_id = ?", [.text(id), .text(websiteID)])
        return database.changes == 1
    }

    static func find(_ id: String, websiteID: String, locking: Bool = false, in database: Database) throws -> CannedResponse? {
        let sql = "SELECT \(columns) FROM canned_responses WHERE id = ? AND website_id = ?"
        return try database.queryOne(locking ? sql + database.dialect.lockingClause : sql, [.text(id), .text(websiteID)], map: response)
    }

    /// The responses of a website whose shortcut starts with `prefix`, in shortcut order, at most
    /// `limit`. Shortcuts are `[a-z0-9-]`, so every one starting with the prefix sorts below the
    /// prefix followed by `~`, the byte after `z`: one range of the unique index.
    static func list(websiteID: String, prefix: String, limit: Int, in database: Database) throws -> [CannedResponse] {
        try database.queryAll("""
            SELECT \(columns) FROM canned_responses WHERE website_id = ? AND shortcut >= ? AND shortcut < ?
            ORDER BY shortcut LIMIT ?
            """, [.text(websiteID), .text(prefix), .text(prefix + "~"), .integer(Int64(limit))], map: response)
    }

    static func count(websiteID: String, in database: Database) throws -> Int {
        let count = try database.queryOne("SELECT count(*) FROM canned_responses WHERE website_id = ?", [.text(websiteID)]) { $0.int(0) }
        return Int((count ?? nil) ?? 0)
    }

    private static func values(_ response: CannedResponse) -> [SQLValue] {
        [.text(response.id), .text(response.websiteID), .text(response.shortcut), .text(response.title), .text(response.text),
         .integer(response.createdAt.milliseconds), .integer(response.updatedAt.milliseconds)]
    }

    private static func response(_ row: borrowing Row) -> CannedResponse {
        CannedResponse(id: row.string(0) ?? "", websiteID: row.string(1) ?? "", shortcut: row.string(2) ?? "",
                       title: row.string(3) ?? "", text: row.string(4) ?? "",
                       createdAt: Timestamp(milliseconds: row.int(5) ?? 0), updatedAt: Timestamp(milliseconds: row.int(6) ?? 0))
    }
}
