import Filters
import JSON
import Store

/// The `chat_metadata` table, the metadata index that makes metadata filters index lookups
/// (`Filters.MetadataIndex` defines its rows): its schema, its writes, and its names as the filter
/// compiler needs them. The chat domain owns it because it refers to `chats` and is written in
/// the same transaction as the chat.
enum MetadataIndexTable {
    /// The names the filter compiler writes for this table (`FilterColumns`).
    static let columns = MetadataIndexColumns(table: "chat_metadata", chat: "chat", websiteID: "website_id", path: "path",
                                              kind: "kind", number: "num", string: "str")

    /// The table and its indexes as schema 2 created them (it refers to `chats(row)`). Released:
    /// never edit it; schema 5 (`exactNumbersSQL`) rebuilt the
    /// table with `num` of type ANY. The value indexes end with `chat`, so a lookup never has to
    /// visit the table itself.
    static let schemaSQL = """
        CREATE TABLE chat_metadata (
            chat INTEGER NOT NULL REFERENCES chats(row) ON DELETE CASCADE,
            website_id TEXT NOT NULL,
            path TEXT NOT NULL,     -- keys joined with '.', e.g. 'owner.team'
            kind INTEGER NOT NULL,  -- 0 null, 1 false, 2 true, 3 number, 4 string, 5 array, 6 object;
                                    -- 10-14: null, false, true, number, string element of the array at path
            num REAL,               -- the number, or the number a string spells; else NULL
            str TEXT                -- the string; else NULL
        ) STRICT;
        CREATE INDEX chat_metadata_by_number ON chat_metadata(website_id, path, kind, num, chat);
        CREATE INDEX chat_metadata_by_string ON chat_metadata(website_id, path, kind, str, chat);
        CREATE INDEX chat_metadata_by_chat ON chat_metadata(chat, path);
        """

    /// Schema 5: `num` becomes ANY, so an integer is stored as an INTEGER, exact over 64 bits,
    /// beside the REALs of numbers with a fraction; SQLite orders and compares the two exactly
    /// (as `ExactNumber` does). Schema 2's REAL column had turned `1234567890123456789` and
    /// `1234567890123456790` into the same number. The rows are copied, then every value that a
    /// REAL may have rounded (magnitude 2^53 or more) is read again from the chat's metadata: a
    /// number at a path with `json_extract`, a string spelling an integer with `CAST`, and array
    /// elements, which are not told apart by their rounded values, are deleted and inserted again
    /// from `json_each`. Keys hold no `.` or `"`, so `'$."' || replace(path, '.', '"."') || '"'`
    /// is the JSON path of a stored path.
    static let exactNumbersSQL = """
        CREATE TABLE chat_metadata_exact (
            chat INTEGER NOT NULL REFERENCES chats(row) ON DELETE CASCADE,
            website_id TEXT NOT NULL,
            path TEXT NOT NULL,
            kind INTEGER NOT NULL,
            num ANY,                -- INTEGER for integers (also a string's), REAL otherwise; else NULL
            str TEXT
        ) STRICT;
        INSERT INTO chat_metadata_exact (chat, website_id, path, kind, num, str)
            SELECT chat, website_id, path, kind, num, str FROM chat_metadata;
        DROP TABLE chat_metadata;
        ALTER TABLE chat_metadata_exact RENAME TO chat_metadata;
        UPDATE chat_metadata SET num = (
                SELECT json_extract(chats.metadata, '$."' || replace(chat_metadata.path, '.', '"."') || '"')
                FROM chats WHERE chats.row = chat_metadata.chat)
            WHERE kind = 3 AND abs(num) >= 9007199254740992.0;
        UPDATE chat_metadata SET num = CAST(str AS INTEGER)
            WHERE kind IN (4, 14) AND num IS NOT NULL AND CAST(CAST(str AS INTEGER) AS TEXT) = str;
        DELETE FROM chat_metadata WHERE kind = 13 AND abs(num) >= 9007199254740992.0;
        INSERT INTO chat_metadata (chat, website_id, path, kind, num, str)
            SELECT arrays.chat, arrays.website_id, arrays.path, 13, element.value, NULL
            FROM chat_metadata AS arrays
            JOIN chats ON chats.row = arrays.chat,
                 json_each(chats.metadata, '$."' || replace(arrays.path, '.', '"."') || '"') AS element
            WHERE arrays.kind = 5 AND element.type IN ('integer', 'real') AND abs(element.value) >= 9007199254740992.0;
        CREATE INDEX chat_metadata_by_number ON chat_metadata(website_id, path, kind, num, chat);
        CREATE INDEX chat_metadata_by_string ON chat_metadata(website_id, path, kind, str, chat);
        CREATE INDEX chat_metadata_by_chat ON chat_metadata(chat, path);
        """

    /// The table on PostgreSQL, as SQLite's stands since schema 5: `num` is `numeric`, exact for
    /// integers of any size and for the decimal a number's JSON spells; text compares by bytes
    /// (`COLLATE "C"`), as SQLite and the filter evaluator compare.
    static let postgresSchemaSQL = """
        CREATE TABLE chat_metadata (
            chat BIGINT NOT NULL REFERENCES chats(row) ON DELETE CASCADE,
            website_id TEXT COLLATE "C" NOT NULL,
            path TEXT COLLATE "C" NOT NULL,
            kind BIGINT NOT NULL,
            num NUMERIC,
            str TEXT COLLATE "C"
        );
        CREATE INDEX chat_metadata_by_number ON chat_metadata(website_id, path, kind, num, chat);
        CREATE INDEX chat_metadata_by_string ON chat_metadata(website_id, path, kind, str, chat);
        CREATE INDEX chat_metadata_by_chat ON chat_metadata(chat, path);
        """

    /// Replaces the index rows of one chat (`chats.row`) with those of `metadata`. Call it in the
    /// same write as the change to the chat, so the index never disagrees with the chat.
    static func write(chatRow: Int64, websiteID: String, metadata: JSONObject, in database: Database) throws {
        try database.run("DELETE FROM chat_metadata WHERE chat = ?", [.integer(chatRow)])
        // One row a statement where statements cost no round trip: on SQLite, multi-row inserts
        // made a writer under hostile 256-row metadata slower (AttackTests' victim probe).
        let rowsPerStatement = database.dialect.statementsAreRoundTrips ? Self.rowsPerInsert : 1
        var bindings: [SQLValue] = []
        var failure: (any Error)?
        MetadataIndex.forEachRow(of: metadata) { row in
            bindings += [.integer(chatRow), .text(websiteID), .text(row.pathText), .integer(row.kindCode),
                         row.number ?? .null, row.string.map(SQLValue.text) ?? .null]
            guard bindings.count == rowsPerStatement * columnsPerRow else { return true }
            do {
                try database.run(insertSQL[rowsPerStatement - 1], bindings)
                bindings.removeAll(keepingCapacity: true)
                return true
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        if !bindings.isEmpty { try database.run(insertSQL[bindings.count / columnsPerRow - 1], bindings) }
    }

    /// A chat's rows go in multi-row INSERTs of up to this many rows on PostgreSQL, where each
    /// statement is a round trip; a chat of the benchmark's metadata makes about 9 rows.
    /// Bounded so that the texts (one per row count) stay few in the statement caches.
    private static let rowsPerInsert = 16
    private static let columnsPerRow = 6

    /// `insertSQL[n - 1]` inserts `n` rows.
    private static let insertSQL = (1...rowsPerInsert).map { count in
        "INSERT INTO chat_metadata(chat, website_id, path, kind, num, str) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?)", count: count).joined(separator: ", ")
    }

    /// How many index rows pass `rows` (a seek's condition, `ChatFilter.metadataSeeks`), counting
    /// no further than `cap`: a few index steps, however many chats match.
    /// Deletes the index rows of the chats with `rows`.
    static func delete(ofChats rows: [Int64], in database: Database) throws {
        try database.run("DELETE FROM chat_metadata WHERE chat IN (\(ChatRows.placeholders(rows.count)))", rows.map(SQLValue.integer))
    }

    static func count(_ rows: SQLCondition, upTo cap: Int, in database: Database) throws -> Int64 {
        try database.queryOne("SELECT count(*) FROM (SELECT 1 FROM chat_metadata WHERE \(rows.sql) LIMIT ?) AS seek",
                              rows.bindings + [.integer(Int64(cap))]) { $0.int(0) ?? 0 } ?? 0
    }
}
