import Store

/// Reads on PostgreSQL: each job in a REPEATABLE READ, READ ONLY transaction (`serveReads`), so
/// all its queries see one committed snapshot. A lost session fails the job it was serving
/// (`StoreError.unavailable`); the next job connects again.
extension PostgresDatabase: ReadTransactions {
    package func beginRead() throws {
        try begin(.beginRead)
    }

    /// The rollback leaves the session ready for the next job whatever happened.
    package func endRead() {
        if isConnected && !isInFailedTransaction {
            do {
                try perform(.commit)
            } catch {
                logger.failure("ending a read transaction failed", error, level: .warning)
            }
        }
        rollbackAfterFailure("a read")
    }
}
