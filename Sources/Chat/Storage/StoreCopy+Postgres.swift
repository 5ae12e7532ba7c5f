import Store

extension StoreCopy {
    /// After a copy into PostgreSQL (`copy`), in the same transaction: the numbers PostgreSQL
    /// hands out continue after the copied ones. Rows inserted with explicit numbers leave the
    /// identity sequences of `chats.row` and `messages.row` at 1, and the event log's counter
    /// (`log_counters`, where `LogAppend` takes ids) at 0: the next chat, message or event would
    /// take a number that exists, or, for events, one below the cursors clients hold. The event
    /// counter also stays past `expiredThrough`, so ids of events cleaned up are never reused.
    public static func continueNumbering(in target: Database) throws {
        for table in ["chats", "messages"] {
            // `setval(…, n, false)`: the next value is n itself, so an empty table starts at 1.
            try target.run("SELECT setval(pg_get_serial_sequence('\(table)', 'row'), coalesce(max(row), 0) + 1, false) FROM \(table)")
        }
        try target.run("""
            UPDATE log_counters SET last_id = greatest((SELECT coalesce(max(id), 0) FROM events),
                                                       (SELECT expired_through FROM event_log_state))
            WHERE log = 'events'
            """)
        guard target.changes == 1 else {
            throw StoredDataError(column: "log_counters", key: "events", problem: "has no row in the target database")
        }
    }
}
