import Store

/// Reads on SQLite: each job in its own read transaction (`serveReads`), and a long read never
/// blocks the writer (write-ahead logging lets both proceed).
extension SQLiteDatabase: ReadTransactions {
    package func beginRead() throws {
        try perform(.beginDeferred)
    }

    /// Ending the read transaction releases its snapshot, letting checkpoints reclaim the log;
    /// ROLLBACK after a failed COMMIT makes sure the next job starts outside a transaction (or
    /// that its BEGIN reports the trouble).
    package func endRead() {
        guard isInTransaction else { return }
        do {
            try perform(.commit)
        } catch {
            logger.failure("ending a read transaction failed", error, level: .warning)
            rollbackAfterFailure("ending a read transaction failed")
        }
    }
}
