import Store

/// The `visitor_profiles` table: the name and email a visitor gave themselves (`PATCH /me`,
/// contract §11), which their chats show instead of what their token said.
enum VisitorProfileRows {
    /// Schema 10 on SQLite.
    static let sqliteSchemaSQL = """
        CREATE TABLE visitor_profiles (
            website_id TEXT NOT NULL REFERENCES websites(id),
            visitor_id TEXT NOT NULL,
            name TEXT,
            email TEXT,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (website_id, visitor_id)
        ) STRICT, WITHOUT ROWID;
        """

    /// Schema 10 on PostgreSQL.
    static let postgresSchemaSQL = """
        CREATE TABLE visitor_profiles (
            website_id TEXT COLLATE "C" NOT NULL REFERENCES websites(id),
            visitor_id TEXT COLLATE "C" NOT NULL,
            name TEXT,
            email TEXT,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (website_id, visitor_id)
        );
        """

    static func find(_ visitorID: String, websiteID: String, in database: Database) throws -> (name: String?, email: String?)? {
        try database.queryOne("SELECT name, email FROM visitor_profiles WHERE website_id = ? AND visitor_id = ?",
                              [.text(websiteID), .text(visitorID)]) { ($0.string(0), $0.string(1)) }
    }

    static func save(_ visitorID: String, websiteID: String, name: String?, email: String?, at now: Int64, in database: Database) throws {
        try database.run("""
            INSERT INTO visitor_profiles (website_id, visitor_id, name, email, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (website_id, visitor_id) DO UPDATE SET name = excluded.name, email = excluded.email, updated_at = excluded.updated_at
            """, [.text(websiteID), .text(visitorID), ChatRows.optional(name), ChatRows.optional(email), .integer(now)])
    }

    static func delete(_ visitorID: String, websiteID: String, in database: Database) throws {
        try database.run("DELETE FROM visitor_profiles WHERE website_id = ? AND visitor_id = ?", [.text(websiteID), .text(visitorID)])
    }
}
