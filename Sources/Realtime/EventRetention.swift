import Chat
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
    /// nil when nothing is old enough (`EventLogStorage.retentionBoundary`).
    func boundary(now: Int64, in database: Database) throws -> Int64? {
        try EventLogStorage.retentionBoundary(olderThan: now - keepMilliseconds, in: database)
    }

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
                try EventLogStorage.deleteEvents(after: lower, through: next, in: database)
            }, completion: { outcome in result.update { $0 = outcome } })
            try result.wait { $0 }.get()
            done = next
        }
    }
}
