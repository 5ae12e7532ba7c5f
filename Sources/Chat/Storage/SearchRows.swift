import Store

/// The search index (contract §10 "Search"): one entry per message and one per chat title, each
/// holding its text's folded terms (`SearchText`) separated by spaces. On SQLite an FTS5 table
/// (the `ascii` tokenizer splits at the spaces and leaves the folded terms as they are; no
/// positions and no per-entry sizes, which only phrase queries and ranking functions read); on
/// PostgreSQL a table whose terms a GIN index reads as a `tsvector` built without a parser
/// (`array_to_tsvector`), so neither the database's locale nor its text search configuration
/// changes what is found.
///
/// An entry's key (`rowid`) is its chat's row and its `seq` in one number, `chat << 24 | seq`,
/// the title taking seq 0: a chat's entries are one range of keys, which a deletion removes
/// without an index on the chat that FTS5 could not keep, and a search reads chat and seq from
/// the key alone. A chat's messages after the 16,777,215th are therefore not indexed.
///
/// `system` messages are not indexed: they are the server's own words ("… assigned the chat"),
/// which would make every chat match them. Notes are, marked `staff_only`, and a visitor's
/// search leaves those out.
enum SearchRows {
    /// Bits of a key that hold the seq.
    static let seqBits: Int64 = 24
    static let seqMask: Int64 = (1 << seqBits) - 1

    /// Schema 16 on SQLite: the FTS5 table, and how far the existing rows are indexed
    /// (`search_backfill`: messages and chats up to these rows were written before the index and
    /// are indexed in the background, newest first; `SearchIndex.backfill`).
    static let sqliteSchemaSQL = """
        CREATE VIRTUAL TABLE search_entries USING fts5(terms, staff_only UNINDEXED, tokenize = 'ascii', detail = none, columnsize = 0);
        CREATE TABLE search_backfill (
            messages_through INTEGER NOT NULL,
            chats_through INTEGER NOT NULL
        ) STRICT;
        INSERT INTO search_backfill (messages_through, chats_through)
            VALUES ((SELECT coalesce(max(row), 0) FROM messages), (SELECT coalesce(max(row), 0) FROM chats));
        """

    /// Schema 16 on PostgreSQL: the same entries in a table (its key named as FTS5's, so that one
    /// statement serves both), indexed by GIN over the terms as lexemes.
    static let postgresSchemaSQL = """
        CREATE TABLE search_entries (
            rowid BIGINT PRIMARY KEY,
            terms TEXT NOT NULL,
            staff_only BIGINT NOT NULL
        );
        CREATE INDEX search_entries_by_terms ON search_entries USING gin (array_to_tsvector(string_to_array(terms, ' ')));
        CREATE TABLE search_backfill (
            messages_through BIGINT NOT NULL,
            chats_through BIGINT NOT NULL
        );
        INSERT INTO search_backfill (messages_through, chats_through)
            VALUES ((SELECT coalesce(max(row), 0) FROM messages), (SELECT coalesce(max(row), 0) FROM chats));
        """

    /// Indexes a new message of the chat with row `chatRow`, unless it is a `system` message,
    /// has no words, or is past what a key holds.
    static func index(_ message: Message, chatRow: Int64, in database: Database) throws {
        try index(text: message.text, type: message.type, chatRow: chatRow, seq: Int64(message.seq), in: database)
    }

    private static func index(text: String, type: MessageType, chatRow: Int64, seq: Int64, in database: Database) throws {
        guard type != .system, seq <= seqMask else { return }
        try insert(key: chatRow << seqBits | seq, text: text, staffOnly: type == .note, in: database)
    }

    /// Indexes `chat`'s title, in place of the one indexed before when `replacing`.
    static func indexTitle(of chat: Chat, replacing: Bool, in database: Database) throws {
        try indexTitle(chatRow: chat.row, title: chat.title, replacing: replacing, in: database)
    }

    private static func indexTitle(chatRow: Int64, title: String, replacing: Bool, in database: Database) throws {
        if replacing { try database.run("DELETE FROM search_entries WHERE rowid = ?", [.integer(chatRow << seqBits)]) }
        try insert(key: chatRow << seqBits, text: title, staffOnly: false, in: database)
    }

    private static func insert(key: Int64, text: String, staffOnly: Bool, in database: Database) throws {
        let terms = SearchText.indexText(of: text)
        guard !terms.isEmpty else { return }
        try database.run("INSERT INTO search_entries (rowid, terms, staff_only) VALUES (?, ?, ?)",
                         [.integer(key), .text(terms), .integer(staffOnly ? 1 : 0)])
    }

    /// Deletes every entry of the chats with `rows`. On SQLite a deleted FTS5 row leaves its
    /// terms in the index's older segments until they are merged: `eraseDeleted` merges them.
    static func delete(ofChats rows: [Int64], in database: Database) throws {
        for row in rows {
            try database.run("DELETE FROM search_entries WHERE rowid >= ? AND rowid < ?",
                             [.integer(row << seqBits), .integer((row + 1) << seqBits)])
        }
    }

    /// After `delete`, in the same transaction: leaves no deleted term in the index. FTS5 keeps
    /// a deleted entry's terms in the segments written before, with a delete marker after them;
    /// `optimize` merges every segment into one without them (its cost grows with the index, which
    /// a visitor's erasure pays; the pages it frees are zeroed under `secure_delete`). PostgreSQL
    /// removes the rows themselves; vacuuming the table (`Store.eraseFreedSpace`) reclaims them.
    static func eraseDeleted(in database: Database) throws {
        guard database.dialect.fullText == .fts5 else { return }
        try database.run("INSERT INTO search_entries (search_entries) VALUES ('optimize')")
    }

    /// The chats of any website with entries matching `query`, each with its best entry's `seq`
    /// (the newest message that matches, or 0 for the title alone) and its `score` (how many of
    /// its entries match): a subquery to join on `chat`, and its bindings.
    ///
    /// FTS5 answers a prefix by merging the lists of every term it begins into one before
    /// intersecting (all 140,000 entries of "order" for `ord`, BENCHMARKS.md), where a whole
    /// term's list is skipped through. So when the query also has whole words, FTS5 is first asked
    /// how many entries hold them, stopping at `prefixCheckLimit`; under it, those entries are
    /// found by the whole words alone and their stored terms checked for one that begins with the
    /// prefix (`GLOB`; terms are letters and digits, which are not `GLOB` syntax). Both plans find
    /// the same entries. PostgreSQL's GIN index matches a prefix as a bitmap and needs neither.
    static func hits(_ query: SearchQuery, includingNotes: Bool, in database: Database) throws -> (sql: String, bindings: [SQLValue]) {
        let notes = includingNotes ? "" : " AND staff_only = 0"
        switch database.dialect.fullText {
        case .fts5:
            if let prefix = query.prefix, !query.exact.isEmpty {
                let whole = SQLValue.text(query.fts5Words)
                let count = try database.queryOne("""
                    SELECT count(*) FROM (SELECT 1 FROM search_entries WHERE search_entries MATCH ? LIMIT ?)
                    """, [whole, .integer(Int64(prefixCheckLimit))]) { $0.int(0) ?? 0 } ?? 0
                if count < prefixCheckLimit {
                    return ("""
                        SELECT \(hitColumns) FROM search_entries WHERE search_entries MATCH ? AND (' ' || terms) GLOB ?\(notes)
                        GROUP BY rowid >> 24
                        """, [whole, .text("* \(prefix)*")])
                }
            }
            return ("SELECT \(hitColumns) FROM search_entries WHERE search_entries MATCH ?\(notes) GROUP BY rowid >> 24",
                    [.text(query.fts5Expression)])
        case .tsvector:
            return ("""
                SELECT \(hitColumns) FROM search_entries
                WHERE array_to_tsvector(string_to_array(terms, ' ')) @@ ?::tsquery\(notes) GROUP BY rowid >> 24
                """, [.text(query.tsqueryExpression)])
        }
    }

    /// Entries of a query's whole words below which its prefix is checked on their stored terms.
    static let prefixCheckLimit = 5000

    private static let hitColumns = "rowid >> 24 AS chat, max(rowid & 16777215) AS seq, count(*) AS score"

    /// Indexes up to `batch` rows written before the index existed, newest first: messages, then
    /// chat titles (a title indexed since, by a change, is replaced by the same). Returns whether
    /// rows remain. The state row is locked, so nodes backfilling at once take turns.
    static func backfill(batch: Int, in database: Database) throws -> Bool {
        guard let (messages, chats) = try database.queryOne(
            "SELECT messages_through, chats_through FROM search_backfill" + database.dialect.lockingClause,
            map: { ($0.int(0) ?? 0, $0.int(1) ?? 0) }) else { return false }
        if messages > 0 {
            var lowest = messages
            var count = 0
            try database.query("SELECT row, chat, seq, type, text FROM messages WHERE row <= ? ORDER BY row DESC LIMIT ?",
                               [.integer(messages), .integer(Int64(batch))]) { row in
                lowest = row.int(0) ?? 0
                count += 1
                guard let type = MessageType(rawValue: row.string(3) ?? "") else {
                    throw StoredDataError(column: "messages.type", key: "\(lowest)", problem: "is not a message type")
                }
                try index(text: row.string(4) ?? "", type: type, chatRow: row.int(1) ?? 0, seq: row.int(2) ?? 0, in: database)
            }
            try database.run("UPDATE search_backfill SET messages_through = ?", [.integer(count < batch ? 0 : lowest - 1)])
            return true
        }
        guard chats > 0 else { return false }
        var lowest = chats
        var titles: [(row: Int64, title: String)] = []
        try database.query("SELECT row, title FROM chats WHERE row <= ? ORDER BY row DESC LIMIT ?",
                           [.integer(chats), .integer(Int64(batch))]) { row in
            lowest = row.int(0) ?? 0
            titles.append((lowest, row.string(1) ?? ""))
        }
        for title in titles { try indexTitle(chatRow: title.row, title: title.title, replacing: true, in: database) }
        try database.run("UPDATE search_backfill SET chats_through = ?", [.integer(titles.count < batch ? 0 : lowest - 1)])
        return titles.count == batch
    }

    /// After a copy into an empty database (`StoreCopy`): every copied row is to be indexed,
    /// which the backfill does as after an upgrade.
    static func backfillEverything(in database: Database) throws {
        try database.run("""
            UPDATE search_backfill SET messages_through = (SELECT coalesce(max(row), 0) FROM messages),
                                       chats_through = (SELECT coalesce(max(row), 0) FROM chats)
            """)
    }
}
