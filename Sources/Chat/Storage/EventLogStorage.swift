import Filters
import Store

/// The one owner of the event log's tables, `events` and `event_log_state`: the chat domain
/// appends to the log through it (`EventLog`), and the realtime hub follows, scans and trims the
/// log through it (`Realtime.EventLogReader`, `Realtime.EventRetention`), so no other module
/// holds SQL for these tables and a second backend has one place to give its own.
public enum EventLogStorage {
    /// The log's identity and horizon (`event_log_state`).
    public struct State: Sendable {
        public let epoch: String
        /// Events up to this id were cleaned up.
        public let expiredThrough: Int64
    }

    /// One persisted event as a reader needs it: the stored JSON without its id (`EventLog`) and
    /// the chat right after and right before the event as filters see it (`ChatRoute`).
    public struct LoggedEvent {
        public let id: Int64
        public let websiteID: String
        public let tail: String
        public let after: FilterableChat?
        public let before: FilterableChat?
        /// Only staff may receive it (`ChatRoute`).
        public let staffOnly: Bool
    }

    /// How far following the log got: the id of the last row read, of any website (nil when
    /// there was none), and how many rows were read.
    public struct Progress {
        public var readThrough: Int64?
        public var rowCount = 0
    }

    /// The log's state row; nil when it is missing (a database this server did not migrate).
    public static func state(in database: Database) throws -> State? {
        try database.queryOne("SELECT epoch, expired_through FROM event_log_state", map: { row in
            State(epoch: row.string(0) ?? "", expiredThrough: row.int(1) ?? 0)
        })
    }

    public static func newestID(in database: Database) throws -> Int64 {
        try database.queryOne("SELECT coalesce(max(id), 0) FROM events", map: { $0.int(0) ?? 0 }) ?? 0
    }

    /// Calls `body` with each event of one website with an id in `(after, through]`, in id order,
    /// at most `limit` of them.
    public static func events(after: Int64, through: Int64, websiteID: String, limit: Int, in database: Database,
                              _ body: (LoggedEvent) -> Void) throws {
        try database.query("SELECT \(columns) FROM events WHERE website_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?",
                           [.text(websiteID), .integer(after), .integer(through), .integer(Int64(limit))]) { row in
            body(try event(row, in: database))
        }
    }

    /// Following the log: the next `limit` rows after `after`, of every website, of which only
    /// those `isWanted` accepts (by website and chat id) are decoded and passed to `body` — the
    /// others have no one to receive them, and their routes are the costly part.
    ///
    /// A row whose route does not read back (`StoredDataError`) is passed over and reported to
    /// `damaged`: it will not read back on the next try either, and following the log must not
    /// stop at it. Any other error is thrown, and the caller tries again from the same position.
    public static func newEvents(after: Int64, limit: Int, isWanted: (String, String) -> Bool,
                                 damaged: (StoredDataError) -> Void, in database: Database,
                                 _ body: (LoggedEvent) -> Void) throws -> Progress {
        var progress = Progress()
        try database.query("SELECT \(columns) FROM events WHERE id > ? ORDER BY id LIMIT ?",
                           [.integer(after), .integer(Int64(limit))]) { row in
            progress.rowCount += 1
            progress.readThrough = row.int(0) ?? 0
            guard isWanted(row.string(1) ?? "", row.string(2) ?? "") else { return }
            do {
                body(try event(row, in: database))
            } catch let error as StoredDataError {
                damaged(error)
            }
        }
        return progress
    }

    private static let columns = "id, website_id, chat_id, json, route, route_before"

    /// Decodes the routes while the statement that read the row is still stepping, so that a
    /// route stored without metadata is completed from the same snapshot (`ChatRoute.decode`).
    private static func event(_ row: borrowing Row, in database: Database) throws -> LoggedEvent {
        let id = row.int(0) ?? 0
        let routes = try ChatRoute.decode(route: row.string(4), routeBefore: row.string(5), eventID: id,
                                          chatID: row.string(2) ?? "", in: database)
        return LoggedEvent(id: id, websiteID: row.string(1) ?? "", tail: row.string(3) ?? "", after: routes.after, before: routes.before,
                           staffOnly: routes.staffOnly)
    }

    /// Erases the events of the chats `chatIDs` of `websiteID`: each row keeps only its id and
    /// time, with no website, chat or content, so no reader on any node returns it again, while
    /// the log's ids stay as they were (deleting the newest row would let SQLite give its id out
    /// again, to an event that clients holding that cursor would then skip).
    static func erase(chats chatIDs: [String], websiteID: String, in database: Database) throws {
        try database.run("""
            UPDATE events SET website_id = '', chat_id = NULL, type = 'erased', json = '', route = NULL, route_before = NULL
            WHERE website_id = ? AND chat_id IN (\(ChatRows.placeholders(chatIDs.count)))
            """, [.text(websiteID)] + chatIDs.map(SQLValue.text))
    }

    /// Appends one event row in the caller's write transaction. The store assigns its id, in
    /// commit order on every backend (`LogAppend`): a reader never finds an id below one it saw.
    static func insert(websiteID: String, chatID: String, type: EventType, at milliseconds: Int64, tail: String,
                       route: String, routeBefore: String?, in database: Database) throws {
        try database.append(LogAppend(table: "events", columns: ["website_id", "chat_id", "type", "at", "json", "route", "route_before"],
                                      values: [.text(websiteID), .text(chatID), .text(type.rawValue), .integer(milliseconds), .text(tail),
                                               .text(route), routeBefore.map { .text($0) } ?? .null]))
    }

    /// What completes a route stored without metadata (`ChatRoute`): the `route_before` of the
    /// chat's first change after event `eventID`, and the chat's current metadata, in one
    /// statement so both come from one snapshot. Nil when the statement returns no row.
    static func routeMetadata(at eventID: Int64, of chatID: String, in database: Database) throws -> (change: String?, current: String?)? {
        try database.queryOne("""
            SELECT (SELECT route_before FROM events WHERE chat_id = ? AND id > ? AND route_before IS NOT NULL ORDER BY id LIMIT 1),
                   (SELECT metadata FROM chats WHERE id = ?)
            """, [.text(chatID), .integer(eventID), .text(chatID)]) { row in (change: row.string(0), current: row.string(1)) }
    }
}

extension EventLogStorage {
    /// One event as a webhook sends it: its id and the stored JSON without the id (`EventLog`).
    public struct EventTail: Sendable {
        public let id: Int64
        public let tail: String
    }

    /// The events of `websiteID` after `after` whose type is one of `types`, in id order, at
    /// most `limit`: what a webhook's reader delivers next. Only the stored JSON is read, no
    /// route: a webhook receives every event of its website, notes too (contract §9).
    public static func tails(websiteID: String, after: Int64, types: [String], limit: Int, in database: Database) throws -> [EventTail] {
        guard !types.isEmpty else { return [] }
        return try database.queryAll("""
            SELECT id, json FROM events WHERE website_id = ? AND id > ? AND type IN (\(ChatRows.placeholders(types.count)))
            ORDER BY id LIMIT ?
            """, [.text(websiteID), .integer(after)] + types.map(SQLValue.text) + [.integer(Int64(limit))]) { row in
            EventTail(id: row.int(0) ?? 0, tail: row.string(1) ?? "")
        }
    }
}
