import Auth
import JSON
import Store

/// The `read_marks` table: a principal's (id and role) last read `seq` per chat.
enum ReadMarkRows {
    /// Moves `principal`'s mark in the chat forward to `seq`, never back; whether it moved.
    static func advance(chatRow: Int64, for principal: Principal, to seq: Int, in database: Database) throws -> Bool {
        try database.run("""
            INSERT INTO read_marks (chat, principal_role, principal_id, seq) VALUES (?, ?, ?, ?)
            ON CONFLICT (chat, principal_role, principal_id) DO UPDATE SET seq = excluded.seq WHERE excluded.seq > read_marks.seq
            """, [.integer(chatRow), .text(principal.role.rawValue), .text(principal.id), .integer(Int64(seq))])
        return database.changes > 0
    }

    /// Deletes every read mark in the chats with `rows`.
    static func delete(ofChats rows: [Int64], in database: Database) throws {
        try database.run("DELETE FROM read_marks WHERE chat IN (\(ChatRows.placeholders(rows.count)))", rows.map(SQLValue.integer))
    }

    /// Unread messages per chat for one principal: messages after its read mark that it did not
    /// send (contract §1), for any number of chats in one query. A principal is its id and its
    /// role: a visitor whose `sub` equals an agent's id neither shares the agent's read marks nor
    /// counts the agent's messages as its own. Notes count only `includingNotes` (staff, §10).
    static func unreadCounts(of chats: [Chat], for principal: Principal, includingNotes: Bool,
                             in database: Database) throws -> [Int64: Int] {
        guard !chats.isEmpty else { return [:] }
        let id = SQLValue.text(principal.id)
        let role = SQLValue.text(principal.role.rawValue)
        // The list is padded (repeating the last row) to a power of two, so a handful of statement
        // texts serve every page size and each is prepared once per connection.
        var rows = chats.map { SQLValue.integer($0.row) }
        let width = 1 << (Int.bitWidth - (rows.count - 1).leadingZeroBitCount)
        rows += Array(repeating: rows[rows.count - 1], count: width - rows.count)
        let notes = includingNotes ? "" : " AND messages.type <> 'note'"
        var counts: [Int64: Int] = [:]
        try database.query("""
            SELECT chats.row, (SELECT COUNT(*) FROM messages
                               WHERE messages.chat = chats.row AND messages.seq > COALESCE(read_marks.seq, 0)
                                 AND NOT (messages.sender_id = ? AND messages.sender_role = ?)\(notes))
            FROM chats
            LEFT JOIN read_marks ON read_marks.chat = chats.row AND read_marks.principal_role = ? AND read_marks.principal_id = ?
            WHERE chats.row IN (\(Array(repeating: "?", count: width).joined(separator: ", ")))
            """, [id, role, role, id] + rows) { row in
            counts[row.int(0) ?? 0] = Int(row.int(1) ?? 0)
        }
        return counts
    }
}
