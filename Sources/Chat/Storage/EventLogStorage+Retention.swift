import Store

extension EventLogStorage {
    /// The newest id whose event is older than `cutoff` (Unix milliseconds), never the newest
    /// event (ids must never be reused); nil when nothing is old enough. Ids and times grow
    /// together, so this is a binary search over ids rather than a scan of times (`events` has no
    /// index on `at`).
    public static func retentionBoundary(olderThan cutoff: Int64, in database: Database) throws -> Int64? {
        guard let (lowest, highest) = try database.queryOne(boundsQuery, map: { row -> (Int64, Int64)? in
            guard let low = row.int(0), let high = row.int(1) else { return nil }
            return (low, high)
        }) ?? nil, lowest < highest else { return nil }
        // Invariant: the event at or after `low` is old; the one at or after `high + 1` is not
        // (or is the newest, which stays).
        guard try time(atOrAfter: lowest, in: database) < cutoff else { return nil }
        var low = lowest
        var high = highest - 1
        while low < high {
            let middle = low + (high - low + 1) / 2
            if try time(atOrAfter: middle, in: database) < cutoff { low = middle } else { high = middle - 1 }
        }
        // `low` may fall in a gap of ids; the last event at or before it is what goes.
        return try database.queryOne(lastIDQuery, [.integer(low)], map: { $0.int(0) }) ?? nil
    }

    private static func time(atOrAfter id: Int64, in database: Database) throws -> Int64 {
        try database.queryOne(timeQuery, [.integer(id)], map: { $0.int(0) ?? .max }) ?? .max
    }

    // The check's lookups, each one seek on the ids. `SELECT min(id), max(id)` would be a scan of
    // the whole log: SQLite seeks only for a lone min() or max(). A week of events scanned every
    // ten minutes held the hub's thread and filled its page cache (2.5 MB of heap in the soak).
    static let boundsQuery = "SELECT (SELECT min(id) FROM events), (SELECT max(id) FROM events)"
    static let timeQuery = "SELECT at FROM events WHERE id >= ? ORDER BY id LIMIT 1"
    static let lastIDQuery = "SELECT max(id) FROM events WHERE id <= ?"
    static let retentionLookups = [boundsQuery, timeQuery, lastIDQuery]

    /// Deletes the events with ids in `(from, through]` and raises the expired horizon to
    /// `through`, in the caller's write transaction.
    public static func deleteEvents(after from: Int64, through: Int64, in database: Database) throws {
        try database.run("DELETE FROM events WHERE id > ? AND id <= ?", [.integer(from), .integer(through)])
        try database.run("UPDATE event_log_state SET expired_through = ?", [.integer(through)])
    }
}
