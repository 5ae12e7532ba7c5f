import JSON
import Store

/// The table that makes metadata filters index lookups instead of a scan of every chat's JSON.
///
/// Each chat's metadata is flattened into rows: one for every value reachable by a path a filter
/// could name (keys a filter could not name, and anything deeper than 8 keys, are left out), and
/// one for every scalar element of an array. A row carries the value's kind (`IndexedKind`), its
/// number in `num` (also for strings that spell a number, which equal that number; an INTEGER for
/// integers, exact over 64 bits) and its text in `str`. Equality, ranges and `in` then seek the `(website_id, path, kind, num|str)` indexes;
/// `contains`, `icontains` and `isnull` look up the few rows of one chat through `(chat, path)`.
public enum MetadataIndex {
    /// The table and its indexes as schema 2 created them, for the chat domain's migration (it
    /// refers to `chats(row)`). Released: never edit it; schema 5 (`exactNumbersSQL`) rebuilt the
    /// table with `num` of type ANY. The value indexes end with `chat`, so a lookup never has to
    /// visit the table itself.
    public static let schemaSQL = """
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
    public static let exactNumbersSQL = """
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

    /// Index rows one chat may have. Each row is a write (and an entry in three B-trees) in the
    /// writer's transaction: 16 KiB of metadata as an array of small numbers was about 8,150 rows,
    /// and one such create held the single writer for 47 ms where a usual one takes 2.4 (issue
    /// 13). Metadata with more is refused (`ChatInput`), not stored half-indexed, so a filter never
    /// misses a value the chat has.
    public static let maxRowsPerChat = 256

    /// How many index rows `metadata` makes, counting no further than `maxRowsPerChat + 1`: the
    /// check of a request body stops early however large its arrays.
    public static func rowCount(of metadata: JSONObject) -> Int {
        var count = 0
        forEachRow(of: metadata) { _ in
            count += 1
            return count <= maxRowsPerChat
        }
        return count
    }

    /// Replaces the index rows of one chat (`chats.row`) with those of `metadata`. Call it in the
    /// same write as the change to the chat, so the index never disagrees with the chat.
    public static func write(chatRow: Int64, websiteID: String, metadata: JSONObject, in database: Database) throws {
        try database.run("DELETE FROM chat_metadata WHERE chat = ?", [.integer(chatRow)])
        var failure: (any Error)?
        forEachRow(of: metadata) { row in
            do {
                try database.run(insertSQL, [.integer(chatRow), .text(websiteID), .text(row.path.text), .integer(row.kind.rawValue),
                                             row.value.numericValue?.sqlValue ?? .null, row.value.stringValue.map(SQLValue.text) ?? .null])
                return true
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
    }

    private static let insertSQL = "INSERT INTO chat_metadata(chat, website_id, path, kind, num, str) VALUES (?, ?, ?, ?, ?, ?)"

    /// One row of the index: a value, where it sits, and its kind.
    struct Row {
        let path: MetadataPath
        let kind: IndexedKind
        let value: JSONValue
    }

    /// Calls `body` with each row of `metadata` in document order until it returns false: one
    /// walk defines the rows for both counting and writing.
    static func forEachRow(of metadata: JSONObject, _ body: (Row) -> Bool) {
        _ = visitMembers(of: metadata, under: nil, body)
    }

    /// Returns false once `body` asked to stop.
    private static func visitMembers(of object: JSONObject, under parent: MetadataPath?, _ body: (Row) -> Bool) -> Bool {
        for member in object where MetadataPath.problem(withKey: member.key) == nil {
            let path = parent?.appending(validatedKey: member.key) ?? MetadataPath(validatedKeys: [member.key])
            guard visit(member.value, at: path, isElement: false, body) else { return false }
            switch member.value {
            case .array(let elements):
                for element in elements {
                    guard visit(element, at: path, isElement: true, body) else { return false }
                }
            case .object(let nested) where path.keys.count < FilterLimits.pathDepth:
                guard visitMembers(of: nested, under: path, body) else { return false }
            default:
                break
            }
        }
        return true
    }

    private static func visit(_ value: JSONValue, at path: MetadataPath, isElement: Bool, _ body: (Row) -> Bool) -> Bool {
        guard let kind = IndexedKind(value: value, isElement: isElement) else { return true }
        return body(Row(path: path, kind: kind, value: value))
    }
}
