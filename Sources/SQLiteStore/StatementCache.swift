import Store
import CSQLite

/// A connection's prepared statements, keyed by SQL text, least recently used evicted first.
///
/// A statement can be in use when the same SQL runs again inside a row callback; that nested use
/// gets a one-off statement, finalized after it, so the outer iteration is never disturbed.
struct StatementCache {
    final class Entry {
        let handle: OpaquePointer
        var lastUse: UInt64 = 0
        var inUse = false

        init(handle: OpaquePointer) { self.handle = handle }
    }

    /// A statement checked out for one use; `entry` is nil for a one-off statement.
    struct Lease {
        let handle: OpaquePointer
        let entry: Entry?
    }

    private var entries: [String: Entry] = [:]
    private let capacity: Int
    private var clock: UInt64 = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { entries.count }

    mutating func checkOut(_ sql: String, on database: SQLiteDatabase) throws(SQLiteError) -> Lease {
        clock &+= 1
        if let entry = entries[sql] {
            guard !entry.inUse else {
                return Lease(handle: try database.prepare(sql, persistent: false), entry: nil)
            }
            entry.inUse = true
            entry.lastUse = clock
            return Lease(handle: entry.handle, entry: entry)
        }
        if entries.count >= capacity { evictLeastRecentlyUsed() }
        guard entries.count < capacity else {
            // Every cached statement is in use by nested queries: run this one uncached.
            return Lease(handle: try database.prepare(sql, persistent: false), entry: nil)
        }
        let entry = Entry(handle: try database.prepare(sql, persistent: true))
        entry.inUse = true
        entry.lastUse = clock
        entries[sql] = entry
        return Lease(handle: entry.handle, entry: entry)
    }

    /// Resets the statement and clears its bindings, so it holds no caller data (nor pointers to
    /// freed binding storage) until its next use.
    func checkIn(_ lease: Lease) {
        sqlite3_reset(lease.handle)
        sqlite3_clear_bindings(lease.handle)
        if let entry = lease.entry {
            entry.inUse = false
        } else {
            sqlite3_finalize(lease.handle)
        }
    }

    mutating func finalizeAll() {
        for entry in entries.values { sqlite3_finalize(entry.handle) }
        entries.removeAll()
    }

    private mutating func evictLeastRecentlyUsed() {
        var victim: (sql: String, entry: Entry)?
        for (sql, entry) in entries where !entry.inUse {
            if victim.map({ entry.lastUse < $0.entry.lastUse }) ?? true { victim = (sql, entry) }
        }
        guard let victim else { return }
        entries.removeValue(forKey: victim.sql)
        sqlite3_finalize(victim.entry.handle)
    }
}
