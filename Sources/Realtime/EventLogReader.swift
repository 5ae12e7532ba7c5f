import Chat
import Store

/// Reads the persisted event log (written by the chat domain in the same transaction as each
/// change) as events ready to send.
enum EventLogReader {
    struct State {
        let epoch: String
        /// Events up to this id were cleaned up.
        let expiredThrough: Int64
    }

    static func state(in database: Database) throws -> State {
        guard let state = try database.queryOne("SELECT epoch, expired_through FROM event_log_state", map: { row in
            State(epoch: row.string(0) ?? "", expiredThrough: row.int(1) ?? 0)
        }) else { throw RealtimeError.logStateMissing }
        return state
    }

    static func newestID(in database: Database) throws -> Int64 {
        try database.queryOne("SELECT coalesce(max(id), 0) FROM events", map: { $0.int(0) ?? 0 }) ?? 0
    }

    /// Events with ids in `(after, through]` in id order, at most `limit`, of one website.
    static func events(after: Int64, through: Int64, websiteID: String, limit: Int, cursors: CursorFormat,
                       in database: Database) throws -> [RealtimeEvent] {
        try database.queryAll("SELECT \(columns) FROM events WHERE website_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?",
                              [.text(websiteID), .integer(after), .integer(through), .integer(Int64(limit))]) { row in
            try event(row, cursors: cursors, in: database)
        }
    }

    /// What the hub read from the log: the events of the websites it follows, and how far it read.
    struct NewEvents {
        var events: [RealtimeEvent] = []
        /// The id of the last row read, of any website; nil when there was none.
        var readThrough: Int64?
        var rowCount = 0
    }

    /// The hub following the log: the next `limit` rows after `after`, of every website, of which
    /// only those `isWanted` accepts (by website and chat id) are decoded — the others have no
    /// one to receive them, and their routes are the costly part.
    ///
    /// A row whose route does not read back (`StoredDataError`) is passed over and reported to
    /// `damaged`: it will not read back on the next try either, and following the log must not
    /// stop at it. Any other error is thrown, and the hub tries again from the same position.
    static func newEvents(after: Int64, limit: Int, cursors: CursorFormat, isWanted: (String, String) -> Bool,
                          damaged: (StoredDataError) -> Void, in database: Database) throws -> NewEvents {
        var read = NewEvents()
        try database.query("SELECT \(columns) FROM events WHERE id > ? ORDER BY id LIMIT ?",
                           [.integer(after), .integer(Int64(limit))]) { row in
            read.rowCount += 1
            read.readThrough = row.int(0) ?? 0
            guard isWanted(row.string(1) ?? "", row.string(2) ?? "") else { return }
            do {
                read.events.append(try event(row, cursors: cursors, in: database))
            } catch let error as StoredDataError {
                damaged(error)
            }
        }
        return read
    }

    private static let columns = "id, website_id, chat_id, json, route, route_before"

    /// Decodes the routes while the statement that read the row is still stepping, so that a
    /// route stored without metadata is completed from the same snapshot (`ChatRoute.decode`).
    private static func event(_ row: borrowing Row, cursors: CursorFormat, in database: Database) throws -> RealtimeEvent {
        let id = row.int(0) ?? 0
        let routes = try ChatRoute.decode(route: row.string(4), routeBefore: row.string(5), eventID: id,
                                          chatID: row.string(2) ?? "", in: database)
        return RealtimeEvent(position: EventPosition(persisted: id), websiteID: row.string(1) ?? "",
                             route: .chat(after: routes.after, before: routes.before), tail: (row.string(3) ?? "").utf8, cursors: cursors)
    }
}
