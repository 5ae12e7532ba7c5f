extension PostgresConnection {
    /// Waits until this session holds the advisory lock `key`, then runs `body` and releases it.
    /// Every node runs migrations under the same key, so the first to start migrates and the
    /// others wait, then find nothing left to do. The lock is the session's: it is also released
    /// when the connection closes or is lost, so a node killed mid-migration blocks no one.
    ///
    /// The wait counts against `statement_timeout`, so a lock held too long fails with SQLSTATE
    /// 57014 rather than hanging.
    public func withAdvisoryLock<T>(_ key: Int64, _ body: (PostgresConnection) throws -> T) throws -> T {
        try advisoryLock(key)
        defer {
            do {
                try advisoryUnlock(key)
            } catch {
                logger.failure("releasing an advisory lock failed", error, ["key": String(key), "target": target.description])
            }
        }
        return try body(self)
    }

    /// Waits for the session-level advisory lock `key` (`pg_advisory_lock`).
    public func advisoryLock(_ key: Int64) throws(PostgresError) {
        try execute("SELECT pg_advisory_lock($1)", [.integer(key)])
    }

    /// Takes the lock `key` when no other session holds it; false at once otherwise.
    public func tryAdvisoryLock(_ key: Int64) throws(PostgresError) -> Bool {
        try execute("SELECT pg_try_advisory_lock($1)", [.integer(key)])[0].bool(0) == true
    }

    /// Releases one hold of `key`; throws when this session did not hold it, since releasing a
    /// lock one does not hold means the caller's bookkeeping is wrong.
    public func advisoryUnlock(_ key: Int64) throws(PostgresError) {
        guard try execute("SELECT pg_advisory_unlock($1)", [.integer(key)])[0].bool(0) == true else {
            throw PostgresError(message: "advisory lock \(key) was not held by this session")
        }
    }
}
