import Store

/// The database schema, one migration per version. A migration never changes once released;
/// later changes are new versions.
public enum Schema {
    public static let migrations: [Migration] = [
        Migration(version: 1, sql: """
            CREATE TABLE websites (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                allowed_origins TEXT NOT NULL,
                widget TEXT NOT NULL,
                secret TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;
            -- Counters that other processes (the CLI) bump so that a running server notices.
            CREATE TABLE revisions (
                name TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            ) STRICT;
            INSERT INTO revisions (name, value) VALUES ('websites', 0);
            CREATE TRIGGER websites_inserted AFTER INSERT ON websites
                BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'websites'; END;
            CREATE TRIGGER websites_updated AFTER UPDATE ON websites
                BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'websites'; END;
            CREATE TRIGGER websites_deleted AFTER DELETE ON websites
                BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'websites'; END;
            """),
    ]
}
