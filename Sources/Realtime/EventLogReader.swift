import Chat
import Store

/// The persisted event log (written by the chat domain in the same transaction as each change)
/// as events ready to send. The rows come through the domain's `EventLogStorage`, which owns the
/// log's SQL; this turns each into a `RealtimeEvent` once.
enum EventLogReader {
    static func state(in database: Database) throws -> EventLogStorage.State {
        guard let state = try EventLogStorage.state(in: database) else { throw RealtimeError.logStateMissing }
        return state
    }

    static func newestID(in database: Database) throws -> Int64 {
        try EventLogStorage.newestID(in: database)
    }

    /// Events with ids in `(after, through]` in id order, at most `limit`, of one website.
    static func events(after: Int64, through: Int64, websiteID: String, limit: Int, cursors: CursorFormat,
                       in database: Database) throws -> [RealtimeEvent] {
        var events: [RealtimeEvent] = []
        try EventLogStorage.events(after: after, through: through, websiteID: websiteID, limit: limit, in: database) { logged in
            events.append(event(logged, cursors: cursors))
        }
        return events
    }

    /// What the hub read from the log: the events of the websites it follows, and how far it read.
    struct NewEvents {
        var events: [RealtimeEvent] = []
        /// The id of the last row read, of any website; nil when there was none.
        var readThrough: Int64?
        var rowCount = 0
    }

    /// The hub following the log: the next `limit` rows after `after`, of every website, of which
    /// only those `isWanted` accepts (by website and chat id) are decoded; a row whose route does
    /// not read back is reported to `damaged` and passed over (`EventLogStorage.newEvents`).
    static func newEvents(after: Int64, limit: Int, cursors: CursorFormat, isWanted: (String, String) -> Bool,
                          damaged: (StoredDataError) -> Void, in database: Database) throws -> NewEvents {
        var read = NewEvents()
        let progress = try EventLogStorage.newEvents(after: after, limit: limit, isWanted: isWanted, damaged: damaged,
                                                     in: database) { logged in
            read.events.append(event(logged, cursors: cursors))
        }
        read.readThrough = progress.readThrough
        read.rowCount = progress.rowCount
        return read
    }

    private static func event(_ logged: EventLogStorage.LoggedEvent, cursors: CursorFormat) -> RealtimeEvent {
        RealtimeEvent(position: EventPosition(persisted: logged.id), websiteID: logged.websiteID,
                      route: .chat(after: logged.after, before: logged.before), isStaffOnly: logged.staffOnly,
                      tail: logged.tail.utf8, cursors: cursors)
    }
}
