import Store

/// A reader thread's loop over its session. Each job runs in a REPEATABLE READ, READ ONLY
/// transaction, so all its queries see one committed snapshot. A lost session fails the job it
/// was serving (`StoreError.unavailable`); the next job connects again.
struct Reader {
    let database: PostgresDatabase
    let queue: JobQueue

    /// Serves jobs until the queue is closed and drained.
    func run() {
        while let jobs = queue.take(upTo: 1) {
            for job in jobs { serve(job) }
        }
    }

    private func serve(_ job: Job) {
        do {
            try database.begin(.beginRead)
        } catch {
            job.fail(error)
            return
        }
        let attempt = job.attempt(database)
        // Nothing to commit, so a failure to end the snapshot does not change the answer; it is
        // logged, and the rollback leaves the session ready for the next job.
        if database.isConnected && !database.isInFailedTransaction {
            do {
                try database.perform(.commit)
            } catch {
                database.logger.failure("ending a read transaction failed", error, level: .warning)
            }
        }
        database.rollbackAfterFailure("a read")
        attempt.answer(attempt.failure)
    }
}
