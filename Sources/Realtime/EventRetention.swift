import Store
import Threads

/// Cleans up persisted events older than the retention period, in bounded steps so the writer is
/// never held long, and always keeps the newest event (ids must never be reused). Runs on the
/// hub's thread, between deliveries and replays, so a replay never reads a log that is being cut.
struct EventRetention {
    let store: Store
    let keepMilliseconds: Int64
    /// Events deleted per write transaction.
    let step: Int64 = 10_000

    /// The newest id whose event is older than the retention period, never the newest event;
    /// nil when nothing is old enough. Ids and times grow together, so this is a binary search
    /// over ids rather than a scan of times.
    func boundary(now: Int64, in database: Database) throws -> Int64? {
        let cutoff = now - keepMilliseconds
        guard let (lowest, highest) = try database.queryOne(Self.boundsQuery, map: { row -> (Int64, Int64)? in
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
        return try database.queryOne(Self.lastIDQuery, [.integer(low)], map: { $0.int(0) }) ?? nil
    }

    private func time(atOrAfter id: Int64, in database: Database) throws -> Int64 {
        try database.queryOne(Self.timeQuery, [.integer(id)], map: { $0.int(0) ?? .max }) ?? .max
    }

    // The check's lookups, each one seek on the ids. `SELECT min(id), max(id)` would be a scan of
    // the whole log: SQLite seeks only for a lone min() or max(). A week of events scanned every
    // ten minutes held the hub's thread and filled its page cache (2.5 MB of heap in the soak).
    static let boundsQuery = "SELECT (SELECT min(id) FROM events), (SELECT max(id) FROM events)"
    static let timeQuery = "SELECT at FROM events WHERE id >= ? ORDER BY id LIMIT 1"
    static let lastIDQuery = "SELECT max(id) FROM events WHERE id <= ?"
    static let lookups = [boundsQuery, timeQuery, lastIDQuery]

    /// Deletes events with ids in `(from, through]`, one step per transaction, announcing each
    /// step's end through `expire` before it is deleted (pollers then refuse cursors before it).
    func delete(after from: Int64, through: Int64, expire: (Int64) -> Void) throws {
        var done = from
        while done < through {
            let lower = done
            let next = min(through, done + step)
            expire(next)
            let result = ConditionLock<Result<Void, any Error>?>(nil)
            store.submitWrite({ database in
                try database.run("DELETE FROM events WHERE id > ? AND id <= ?", [.integer(lower), .integer(next)])
                try database.run("UPDATE event_log_state SET expired_through = ?", [.integer(next)])
            }, completion: { outcome in result.update { $0 = outcome } })
            try result.wait { $0 }.get()
            done = next
        }
    }
}
