import Store
import CSQLite
import Glibc
import Threads

/// The writer thread's loop: group commit over the one read-write connection.
///
/// It takes every waiting job (up to `maxBatch`) and runs them in one `BEGIN IMMEDIATE`
/// transaction, so that a job that fails is rolled back alone: without savepoints while no job
/// fails after changing rows, and with one per job once one has (`commit`). Callers
/// are answered only after `COMMIT` returned, in the order their work ran: an acknowledged write
/// is a committed write, and answers come out in commit order on this one thread, before the next
/// batch starts. The threads their answers wake, and the commit observer (the realtime hub), are
/// woken once the batch is answered (`DeferredWakeups`), not each in turn preempting this one.
/// Between batches it copies the log's tail into the database file when the checkpointer asks.
struct Writer {
    let database: SQLiteDatabase
    let queue: JobQueue
    let maxBatch: Int
    let statistics: StatisticsCounter
    let commits: CommitObserver
    let checkpointer: Checkpointer

    /// Serves jobs until the queue is closed and drained.
    func run() {
        while var batch = queue.take(upTo: maxBatch) {
            if batch.count < maxBatch {
                // Waking this thread tends to preempt the thread that queued the job, before its
                // siblings could queue theirs: on a busy core every batch would hold one job.
                // Yielding once lets the other runnable threads queue their work, so one commit
                // serves them all; on an idle machine it returns at once.
                sched_yield()
                batch += queue.takeWaiting(upTo: maxBatch - batch.count)
            }
            // Callers are answered as each commit ends; the threads that their answers wake
            // (event loops) are woken once after the last answer, not preempting this thread
            // after the first one.
            DeferredWakeups.deferring {
                var pending = batch[...]
                while !pending.isEmpty {
                    pending = commit(pending)
                }
            }
            if checkpointer.takeFinishedPass() {
                database.checkpointPassively()
            }
        }
    }

    /// Commits `jobs` in one transaction, first without a savepoint per job: savepoints cost two
    /// statements and a copy of every page a job touches, and jobs almost never fail after
    /// writing. A job that fails before changing anything fails alone. Only a job that fails
    /// after changing rows sends the batch, rolled back, to the savepoint path, which runs every
    /// job again in a fresh transaction and isolates the failure. Returns the jobs not attempted.
    private func commit(_ jobs: ArraySlice<Job>) -> ArraySlice<Job> {
        guard begin(jobs) else { return [] }
        var attempts: [Attempt] = []
        attempts.reserveCapacity(jobs.count)
        for job in jobs {
            let changesBefore = database.totalChanges
            let attempt = job.attempt(database)
            let isolated = database.isInTransaction && !database.hasUnresolvedForeignKeys
                && (attempt.failure == nil || database.totalChanges == changesBefore)
            guard isolated else {
                database.rollbackAfterFailure("a job that changed rows failed; retrying with savepoints")
                return commitWithSavepoints(jobs)
            }
            attempts.append(attempt)
        }
        do {
            try database.perform(.commit)
        } catch {
            database.rollbackAfterFailure("commit failed")
            for attempt in attempts { attempt.answer(attempt.failure ?? error) }
            statistics.record(failedWrites: jobs.count)
            return []
        }
        let failedCount = attempts.count { $0.failure != nil }
        statistics.record(commit: attempts.count - failedCount, failedWrites: failedCount)
        if failedCount < attempts.count { commits.notify() }
        for attempt in attempts { attempt.answer(attempt.failure) }
        return []
    }

    /// Runs `jobs` in one transaction, each in its own savepoint, and answers them. Returns the
    /// jobs not yet attempted when a job's failure ended the transaction early; they go into a
    /// fresh transaction, having never run there.
    private func commitWithSavepoints(_ jobs: ArraySlice<Job>) -> ArraySlice<Job> {
        guard begin(jobs) else { return [] }
        var attempts: [(attempt: Attempt, failure: (any Error)?)] = []
        attempts.reserveCapacity(jobs.count)
        var next = jobs.startIndex
        do {
            while next < jobs.endIndex {
                try database.perform(.savepoint)
                let attempt = jobs[next].attempt(database)
                next += 1
                guard database.isInTransaction else {
                    // SQLite ended the whole transaction after an error in this job (an
                    // `OR ROLLBACK` conflict, a full disk): every write before it is gone too.
                    answerRolledBack(attempts + [(attempt, attempt.failure)])
                    return jobs[next...]
                }
                let failure = attempt.failure ?? unresolvedForeignKeyFailure()
                attempts.append((attempt, failure))
                if failure != nil { try database.perform(.rollbackToSavepoint) }
                try database.perform(.releaseSavepoint)
            }
            try database.perform(.commit)
        } catch {
            // One of the store's own statements failed (COMMIT included): nothing of the batch
            // can be trusted, so all of it is rolled back and every job learns why.
            database.rollbackAfterFailure("a statement of the store failed during a batch")
            for (attempt, failure) in attempts { attempt.answer(failure ?? error) }
            for job in jobs[next...] { job.fail(error) }
            statistics.record(failedWrites: jobs.count)
            return []
        }
        let failedCount = attempts.count { $0.failure != nil }
        statistics.record(commit: attempts.count - failedCount, failedWrites: failedCount)
        if failedCount < attempts.count { commits.notify() }
        for (attempt, failure) in attempts { attempt.answer(failure) }
        return []
    }

    /// Begins the transaction for `jobs`; if SQLite refuses (a full disk, another process holding
    /// the lock past the timeout), every job fails with that reason and false is returned.
    private func begin(_ jobs: ArraySlice<Job>) -> Bool {
        do {
            try database.perform(.beginImmediate)
            return true
        } catch {
            for job in jobs { job.fail(error) }
            statistics.record(failedWrites: jobs.count)
            return false
        }
    }

    /// A job that leaves a deferred foreign key violated would make COMMIT fail for the whole
    /// batch; it is failed (and rolled back) on its own instead.
    private func unresolvedForeignKeyFailure() -> SQLiteError? {
        guard database.hasUnresolvedForeignKeys else { return nil }
        return SQLiteError(code: SQLiteError.foreignKeyConstraint, message: "FOREIGN KEY constraint failed (deferred)")
    }

    private func answerRolledBack(_ attempts: [(attempt: Attempt, failure: (any Error)?)]) {
        for (attempt, failure) in attempts { attempt.answer(failure ?? StoreError.rolledBackWithBatch) }
        statistics.record(failedWrites: attempts.count)
    }
}
