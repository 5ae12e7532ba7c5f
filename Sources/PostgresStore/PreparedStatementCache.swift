import Postgres

/// A connection's server-side prepared statements, keyed by SQL text and parameter types, the
/// least recently used deallocated first. A statement is prepared with its parameters' types, so
/// the same text run with a NULL where an integer was before is a statement of its own; the
/// bound keeps SQL built at run time (`IN (?, ?)` of varying length) from growing the server's
/// memory without limit.
struct PreparedStatementCache {
    struct Key: Hashable {
        let sql: String
        let types: [UInt32]
    }

    final class Entry {
        let name: String
        var lastUse: UInt64 = 0

        init(name: String) { self.name = name }
    }

    private var entries: [Key: Entry] = [:]
    private let capacity: Int
    private var clock: UInt64 = 0
    private var nextName = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { entries.count }

    /// The name `key` is prepared under, preparing it with `prepare` the first time. After a new
    /// statement is prepared, the least recently used one beyond the bound is deallocated with
    /// `deallocate`.
    mutating func name(for key: Key, prepare: (_ name: String) throws -> Void,
                       deallocate: (_ name: String) throws -> Void) throws -> String {
        clock &+= 1
        if let entry = entries[key] {
            entry.lastUse = clock
            return entry.name
        }
        nextName += 1
        let entry = Entry(name: "webchat_\(nextName)")
        try prepare(entry.name)
        entry.lastUse = clock
        entries[key] = entry
        if entries.count > capacity, let victim = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries.removeValue(forKey: victim.key)
            try deallocate(victim.value.name)
        }
        return entry.name
    }

    /// Forgets every statement: the session that held them is gone.
    mutating func removeAll() {
        entries.removeAll()
    }
}
