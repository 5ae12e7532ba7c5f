import Store

/// Copies every row of the chat domain's tables from one database into another at the same
/// schema version, each as it is: the same ids and the same row numbers (`chats.row`,
/// `messages.row`, `events.id`), so that the tokens of every website, the cursors of chat lists,
/// message seqs and event cursors mean after the copy what they meant before
/// (`webchat migrate-to`, which moves a SQLite data directory into PostgreSQL).
///
/// This file names the tables so that the command does not: for each, its columns in order and
/// the key its rows are read in. The fix-ups the target's backend needs afterwards are their own
/// function (`continueNumbering`).
public enum StoreCopy {
    /// One copied table: the columns in order, and the key its rows are read in, so that rows
    /// reach the target in the order of its indexes.
    struct Table {
        let name: String
        let columns: [String]
        let order: String
    }

    /// Every table that holds rows, parents before the rows that refer to them. `revisions` and
    /// `event_log_state` are single values, copied by `copyState`. `agent_states` and
    /// `agent_connections` say who is connected now (`AvailabilityRows`): nothing to carry into
    /// a database no node serves yet. Webhooks are copied with their readers' positions but
    /// without leases (no node of the target holds one yet), and without their delivery logs,
    /// which tell what happened lately on a server that stops serving.
    static let tables = [
        Table(name: "websites", columns: ["id", "name", "allowed_origins", "widget", "secret", "created_at", "updated_at", "auto_assign",
                                           "attachments", "bot"],
              order: "id"),
        Table(name: "chats", columns: ["row", "id", "website_id", "title", "status", "priority", "is_archived", "visitor_id", "visitor",
                                       "assignee_id", "metadata", "created_at", "updated_at", "last_activity_at", "message_count",
                                       "last_message", "rating", "rating_comment", "rated_at", "resolved_at", "handled_by"], order: "row"),
        Table(name: "messages", columns: ["row", "id", "chat", "website_id", "seq", "sender_id", "sender_role", "sender_name", "type",
                                          "text", "client_id", "created_at", "data", "attachments"], order: "row"),
        Table(name: "read_marks", columns: ["chat", "principal_role", "principal_id", "seq"], order: "chat, principal_role, principal_id"),
        Table(name: "chat_metadata", columns: ["chat", "website_id", "path", "kind", "num", "str"], order: "chat, path"),
        Table(name: "events", columns: ["id", "website_id", "chat_id", "type", "at", "json", "route", "route_before"], order: "id"),
        Table(name: "canned_responses", columns: ["id", "website_id", "shortcut", "title", "text", "created_at", "updated_at"],
              order: "id"),
        Table(name: "visitor_profiles", columns: ["website_id", "visitor_id", "name", "email", "updated_at"], order: "website_id, visitor_id"),
        Table(name: "attachments", columns: AttachmentRows.columns, order: "id"),
        Table(name: "webhooks", columns: ["id", "website_id", "url", "events", "description", "active", "secret", "created_at", "updated_at",
                                          "cursor", "failures", "next_attempt_at"], order: "id"),
    ]

    /// Rows per INSERT: what the copy holds in memory at a time, whatever the tables' sizes, and
    /// few enough parameters (21,000 for `chats`) for one statement.
    static let rowsPerInsert = 1000

    /// How many rows one table had.
    public struct TableCount: Sendable {
        public let table: String
        public let rows: Int
    }

    /// What a copy did: the rows per table, in copy order, and the event log it carried over.
    public struct Summary: Sendable {
        public let tables: [TableCount]
        public let epoch: String
        public let lastEventID: Int64
    }

    /// The tables of `database` that hold rows: empty for a database that may receive a copy.
    public static func occupiedTables(in database: Database) throws -> [String] {
        try tables.map(\.name).filter { table in
            try database.queryOne("SELECT 1 FROM \(table) LIMIT 1") { _ in true } ?? false
        }
    }

    /// The event log's epoch of `database` (what every event cursor of it carries).
    public static func epoch(in database: Database) throws -> String? {
        try EventLogStorage.state(in: database)?.epoch
    }

    /// Copies every row of `source` into the empty tables of `target`, table by table in
    /// dependency order, then the websites' revision counters and the event log's epoch and
    /// horizon. Each table is read by one statement in key order and written `rowsPerInsert`
    /// rows per INSERT with explicit values (never `Database.append`, which would number events
    /// anew). `progress` hears each table's running count every `rowsPerInsert` rows, and once
    /// more with `done` at its end. Run it in one transaction of `target`, so that a failure
    /// leaves nothing behind; on PostgreSQL follow it with `continueNumbering`.
    public static func copy(from source: Database, into target: Database,
                            progress: (_ table: String, _ rows: Int, _ done: Bool) -> Void) throws -> Summary {
        var counts: [TableCount] = []
        for table in tables {
            let rows = try copyRows(of: table, from: source, into: target) { progress(table.name, $0, false) }
            progress(table.name, rows, true)
            counts.append(TableCount(table: table.name, rows: rows))
        }
        let state = try copyState(from: source, into: target)
        // The search index is rebuilt from the copied rows (its form differs between backends).
        try SearchRows.backfillEverything(in: target)
        return Summary(tables: counts, epoch: state.epoch, lastEventID: try EventLogStorage.newestID(in: target))
    }

    /// Streams one table: rows are gathered `rowsPerInsert` at a time and inserted together.
    private static func copyRows(of table: Table, from source: Database, into target: Database,
                                 chunkWritten: (Int) -> Void) throws -> Int {
        var pending: [SQLValue] = []
        pending.reserveCapacity(rowsPerInsert * table.columns.count)
        var copied = 0
        func flush() throws {
            guard !pending.isEmpty else { return }
            let rowCount = pending.count / table.columns.count
            try target.run(insertSQL(table, rowCount: rowCount), pending)
            pending.removeAll(keepingCapacity: true)
            copied += rowCount
            chunkWritten(copied)
        }
        try source.query("SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name) ORDER BY \(table.order)") { row in
            pending += row.values
            if pending.count == rowsPerInsert * table.columns.count { try flush() }
        }
        try flush()
        return copied
    }

    /// `INSERT INTO table (columns) VALUES (?, …), …` for `rowCount` rows. Full chunks share one
    /// text, so each table prepares at most two statements.
    private static func insertSQL(_ table: Table, rowCount: Int) -> String {
        let row = "(" + Array(repeating: "?", count: table.columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table.name) (\(table.columns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rowCount).joined(separator: ", ")
    }

    /// Puts the source's single values over those the target's migration created: the revision
    /// counters (the target's triggers counted the copied websites), and the event log's state,
    /// whose epoch every event cursor carries and whose horizon says which cursors have expired.
    private static func copyState(from source: Database, into target: Database) throws -> EventLogStorage.State {
        let revisions = try source.queryAll("SELECT name, value FROM revisions ORDER BY name") { $0.values }
        for revision in revisions {
            try target.run("INSERT INTO revisions (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                           revision)
        }
        guard let state = try EventLogStorage.state(in: source) else {
            throw StoredDataError(column: "event_log_state", key: "the source database", problem: "has no row")
        }
        try target.run("UPDATE event_log_state SET epoch = ?, expired_through = ?", [.text(state.epoch), .integer(state.expiredThrough)])
        guard target.changes == 1 else {
            throw StoredDataError(column: "event_log_state", key: "the target database", problem: "is not one row")
        }
        return state
    }
}
