import Store
/// A reader thread's loop over its read-only connection. Each job runs in its own read
/// transaction, so all its queries see one committed snapshot, and a long read never blocks the
/// writer (write-ahead logging lets both proceed).
struct Reader {
    let database: SQLiteDatabase
    let queue: JobQueue

    /// Serves jobs until the queue is closed and drained.
    func run() {
        while let jobs = queue.take(upTo: 1) {
            for job in jobs { serve(job) }
        }
    }

    private func serve(_ job: Job) {
        do {
            try database.perform(.beginDeferred)
        } catch {
            job.fail(error)
            return
        }
        let attempt = job.attempt(database)
        // Ending the read transaction releases its snapshot, letting checkpoints reclaim the log.
        // It has nothing to commit, so a failure here does not change the answer; ROLLBACK makes
        // sure the next job starts outside a transaction (or that its BEGIN reports the trouble).
        if database.isInTransaction {
            do {
                try database.perform(.commit)
            } catch {
                database.logger.failure("ending a read transaction failed", error, level: .warning)
                database.rollbackAfterFailure("ending a read transaction failed")
            }
        }
        attempt.answer(attempt.failure)
    }
}
