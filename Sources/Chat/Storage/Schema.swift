import Store

/// The database schema on SQLite, one migration per version (`Schema.postgres` is PostgreSQL's).
/// A migration never changes once released; later changes are new versions. The tables are the
/// chat domain's: this storage layer (the files beside this one) is the only code that names them.
public enum Schema {
    public static let sqlite: [Migration] = [
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
        Migration(version: 2, sql: """
            CREATE TABLE chats (
                row INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                website_id TEXT NOT NULL REFERENCES websites(id),
                title TEXT NOT NULL,
                status TEXT NOT NULL,
                priority INTEGER NOT NULL,
                is_archived INTEGER NOT NULL,
                visitor_id TEXT,
                visitor TEXT,
                assignee_id TEXT,
                metadata TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                last_activity_at INTEGER NOT NULL,
                message_count INTEGER NOT NULL,
                last_message TEXT
            ) STRICT;
            -- One index per list order, each ending in row so that ties keep a stable order.
            CREATE INDEX chats_by_activity ON chats (website_id, last_activity_at, row);
            CREATE INDEX chats_by_creation ON chats (website_id, created_at, row);
            CREATE INDEX chats_by_priority ON chats (website_id, priority, row);
            -- Without last_activity_at: a message moves a chat in chats_by_activity only.
            CREATE INDEX chats_by_visitor ON chats (website_id, visitor_id);

            CREATE TABLE messages (
                row INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                chat INTEGER NOT NULL REFERENCES chats(row),
                website_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                sender_id TEXT NOT NULL,
                sender_role TEXT NOT NULL,
                sender_name TEXT,
                type TEXT NOT NULL,
                text TEXT NOT NULL,
                client_id TEXT,
                created_at INTEGER NOT NULL,
                UNIQUE (chat, seq)
            ) STRICT;
            -- A client_id is one principal's idempotency key, across all its chats.
            CREATE UNIQUE INDEX messages_by_client_id ON messages (website_id, sender_id, client_id)
                WHERE client_id IS NOT NULL;

            CREATE TABLE read_marks (
                chat INTEGER NOT NULL REFERENCES chats(row),
                principal_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                PRIMARY KEY (chat, principal_id)
            ) STRICT, WITHOUT ROWID;

            -- An event id is a client's cursor and must never be reused. SQLite gives a new row
            -- the largest id plus one, so ids are never reused as long as the newest event is
            -- never deleted: cleanup keeps it. (AUTOINCREMENT would cost a second write per event.)
            CREATE TABLE events (
                id INTEGER PRIMARY KEY,
                website_id TEXT NOT NULL,
                chat_id TEXT,
                type TEXT NOT NULL,
                at INTEGER NOT NULL,
                json TEXT NOT NULL
            ) STRICT;
            -- No index on `at`: ids and times grow together, so finding old events is a binary
            -- search over ids, and every message saves an index update.
            CREATE INDEX events_by_website ON events (website_id, id);
            """ + MetadataIndexTable.schemaSQL),
        Migration(version: 3, sql: """
            -- Who receives an event is decided from the chat as it was at the event (ChatRoute),
            -- stored with it so that live delivery, replay and polling agree forever after.
            ALTER TABLE events ADD COLUMN route TEXT;
            ALTER TABLE events ADD COLUMN route_before TEXT;
            -- The realtime log's identity and horizon: cursors carry the epoch, so a cursor from
            -- another database is told apart; events up to `expired_through` were cleaned up, so
            -- a cursor before it cannot resume.
            CREATE TABLE event_log_state (
                epoch TEXT NOT NULL,
                expired_through INTEGER NOT NULL
            ) STRICT;
            INSERT INTO event_log_state (epoch, expired_through) VALUES (lower(hex(randomblob(5))), 0);
            """),
        Migration(version: 4, sql: """
            -- Message ids lose their unique index: no query finds a message by id, ids are unique
            -- by construction (time and 56 random bits), and the index was one B-tree insert per
            -- message on the hottest write (sends gained 6 % without it). SQLite cannot drop a
            -- column's UNIQUE, so the table is rebuilt (its rows and row numbers kept).
            CREATE TABLE messages_rebuilt (
                row INTEGER PRIMARY KEY,
                id TEXT NOT NULL,
                chat INTEGER NOT NULL REFERENCES chats(row),
                website_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                sender_id TEXT NOT NULL,
                sender_role TEXT NOT NULL,
                sender_name TEXT,
                type TEXT NOT NULL,
                text TEXT NOT NULL,
                client_id TEXT,
                created_at INTEGER NOT NULL,
                UNIQUE (chat, seq)
            ) STRICT;
            INSERT INTO messages_rebuilt (row, id, chat, website_id, seq, sender_id, sender_role, sender_name, type, text, client_id, created_at)
                SELECT row, id, chat, website_id, seq, sender_id, sender_role, sender_name, type, text, client_id, created_at FROM messages;
            DROP TABLE messages;
            ALTER TABLE messages_rebuilt RENAME TO messages;
            CREATE UNIQUE INDEX messages_by_client_id ON messages (website_id, sender_id, client_id)
                WHERE client_id IS NOT NULL;
            """),
        // Integers in the metadata index compare exactly over 64 bits (issue 13).
        Migration(version: 5, sql: MetadataIndexTable.exactNumbersSQL),
        Migration(version: 6, sql: """
            -- A principal is its website, id and role: a visitor token with sub "alice" must not
            -- share idempotency keys with the agent alice. Rows stay; every key unique before is
            -- unique with the role added.
            DROP INDEX messages_by_client_id;
            CREATE UNIQUE INDEX messages_by_client_id ON messages (website_id, sender_id, sender_role, client_id)
                WHERE client_id IS NOT NULL;
            """),
        Migration(version: 7, sql: """
            -- Events other than changes store their route without the chat's metadata, which
            -- the chat's next change holds in its route_before (ChatRoute, issue 13): this finds
            -- that change. Partial, so a message or a read mark adds no index entry.
            CREATE INDEX events_changes_by_chat ON events (chat_id, id) WHERE route_before IS NOT NULL;
            """),
        Migration(version: 8, sql: """
            -- Read marks belong to a principal, which is its id and its role (issue 13): a visitor
            -- with sub "alice" must not move the agent alice's mark. A mark written before this
            -- version has no role; it becomes the mark of every role with that id, which is what
            -- it was until now, so no unread count changes on upgrade.
            CREATE TABLE read_marks_by_role (
                chat INTEGER NOT NULL REFERENCES chats(row),
                principal_role TEXT NOT NULL,
                principal_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                PRIMARY KEY (chat, principal_role, principal_id)
            ) STRICT, WITHOUT ROWID;
            INSERT INTO read_marks_by_role (chat, principal_role, principal_id, seq)
                SELECT read_marks.chat, roles.column1, read_marks.principal_id, read_marks.seq
                FROM read_marks, (VALUES ('visitor'), ('agent'), ('bot'), ('admin')) AS roles;
            DROP TABLE read_marks;
            ALTER TABLE read_marks_by_role RENAME TO read_marks;
            """),
        Migration(version: 9, sql: CannedResponseRows.sqliteSchemaSQL),
        Migration(version: 10, sql: AvailabilityRows.sqliteSchemaSQL + VisitorProfileRows.sqliteSchemaSQL),
        Migration(version: 11, sql: AttachmentRows.sqliteSchemaSQL),
        Migration(version: 12, sql: AttachmentRows.sentMarkerSchemaSQL),
        Migration(version: 13, sql: ChatRows.ratingSchemaSQL),
        Migration(version: 14, sql: WebsiteRows.botSchemaSQL + ChatRows.handledBySchemaSQL),
        Migration(version: 15, sql: WebhookRows.sqliteSchemaSQL),
        Migration(version: 16, sql: SearchRows.sqliteSchemaSQL),
    ]
}
