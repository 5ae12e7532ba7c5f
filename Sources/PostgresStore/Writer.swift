import Glibc
import Postgres
import Store
import Threads

/// The writer thread's loop: group commit over the writer's session.
///
/// It takes every waiting job (up to `maxBatch`) and runs them in one READ COMMITTED
/// transaction. The log rows the batch appended are inserted last (`flushAppends`), then
/// COMMIT; callers are answered only after it returned, in the order their work ran, and the
/// commit observer is told once they are (`DeferredWakeups`).
///
/// A failing job must fail alone, but PostgreSQL fails the whole transaction after any error.
/// A savepoint around every job would do it, at a price every job pays: two more statements,
/// and a subtransaction each; past 64 of them in one transaction PostgreSQL's snapshot of
/// running transactions overflows, and every session of every node then looks transaction
/// ids up in `pg_subtrans`. So a batch first runs without savepoints: a job that fails having
/// changed nothing (it read, then refused: a chat not found) simply fails; one that fails
/// after changing rows, or with a statement's error, rolls the batch back, and the batch runs
/// again with a savepoint around each job (`Isolation.perJob`).
///
/// A deadlock or serialization failure (SQLSTATE 40P01, 40001) rolls the batch back and runs it
/// again, a few times at most. A lost session fails the batch's jobs with
/// `StoreError.unavailable`: when a COMMIT was sent but its answer lost, the batch may have been
/// committed, and clients retrying a write rely on their `client_id` to make it happen once.
/// The writer then reconnects with a growing delay, failing the writes that arrive meanwhile.
struct Writer {
    let database: PostgresDatabase
    let queue: JobQueue
    let maxBatch: Int
    let statistics: StatisticsCounter
    let commits: CommitObserver
    let availability: Availability
    let session: SessionProcess
    let stop: StopFlag

    /// How often a batch runs before a deadlock or serialization failure is passed to its jobs.
    static let attemptsPerBatch = 3

    /// Serves jobs until the queue is closed and drained.
    func run() {
        while var batch = queue.take(upTo: maxBatch) {
            if batch.count < maxBatch {
                // As in SQLite's writer: yielding once lets the threads that were about to queue
                // work do so, so that one commit serves them all.
                sched_yield()
                batch += queue.takeWaiting(upTo: maxBatch - batch.count)
            }
            let lost = DeferredWakeups.deferring { commit(batch) }
            if let lost { recover(after: lost) }
        }
    }

    /// Runs `jobs` until they are committed or fail, and answers them. Returns the error when
    /// the session was lost (`StoreError.unavailable`).
    private func commit(_ jobs: [Job]) -> StoreError? {
        var attempt = 1
        var isolation = Isolation.none
        while true {
            switch runBatch(jobs, isolation: isolation) {
            case .committed(let attempts):
                let failedCount = attempts.count { $0.failure != nil }
                statistics.record(commit: attempts.count - failedCount, failedWrites: failedCount)
                if failedCount < attempts.count { commits.notify() }
                for (attempt, failure) in attempts { attempt.answer(failure) }
                availability.regained()
                return nil
            case .failed(let error, let attempts):
                for (attempt, failure) in attempts { attempt.answer(failure ?? error) }
                for job in jobs.dropFirst(attempts.count) { job.fail(error) }
                statistics.record(failedWrites: jobs.count)
                guard case StoreError.unavailable = error else { return nil }
                return error as? StoreError
            case .conflicted(let error) where attempt < Self.attemptsPerBatch:
                database.logger.failure("a batch of writes conflicted with another transaction; running it again", error,
                                        ["attempt": String(attempt)], level: .info)
                attempt += 1
            case .conflicted(let error):
                for job in jobs { job.fail(error) }
                statistics.record(failedWrites: jobs.count)
                return nil
            case .needsIsolation:
                isolation = .perJob
            }
        }
    }

    /// Whether each job of a batch runs inside a savepoint of its own.
    private enum Isolation {
        case none
        case perJob
    }

    private enum Outcome {
        /// Every attempt, with the failure of those that failed alone.
        case committed([(attempt: Attempt, failure: (any Error)?)])
        /// The batch was rolled back for `error`; `attempts` ran before it, the rest never ran.
        case failed(any Error, [(attempt: Attempt, failure: (any Error)?)])
        /// A deadlock or serialization failure: the batch was rolled back and may run again.
        case conflicted(any Error)
        /// Without savepoints, a job failed after changing rows: the batch was rolled back and
        /// runs again with a savepoint around each job.
        case needsIsolation
    }

    /// One run of the batch in one transaction.
    private func runBatch(_ jobs: [Job], isolation: Isolation) -> Outcome {
        database.dropAppends()
        var attempts: [(attempt: Attempt, failure: (any Error)?)] = []
        attempts.reserveCapacity(jobs.count)
        do {
            try database.begin(.beginWrite)
            for job in jobs {
                if isolation == .perJob { try database.perform(.savepoint) }
                let appendsBefore = database.pendingAppends.count
                let writesBefore = database.possibleWrites
                let attempt = job.attempt(database)
                guard database.isConnected else { throw attempt.failure ?? StoreError.unavailable("the session ended") }
                if let conflict = attempt.failure as? PostgresError, conflict.isTransactionRollback { throw conflict }
                let failure = attempt.failure ?? caughtFailure()
                if failure != nil {
                    if isolation == .perJob {
                        try database.perform(.rollbackToSavepoint)
                    } else if database.isInFailedTransaction || database.possibleWrites != writesBefore {
                        database.rollbackAfterFailure("a write failed in a batch without savepoints")
                        database.dropAppends()
                        return .needsIsolation
                    }
                    database.dropAppends(after: appendsBefore)
                }
                if isolation == .perJob { try database.perform(.releaseSavepoint) }
                attempts.append((attempt, failure))
            }
            try database.flushAppends()
            try database.perform(.commit)
            session.update(database.backendProcessID)
            return .committed(attempts)
        } catch {
            database.rollbackAfterFailure("a batch of writes failed")
            database.dropAppends()
            if let conflict = error as? PostgresError, conflict.isTransactionRollback { return .conflicted(conflict) }
            return .failed(error, attempts)
        }
    }

    /// A job that caught a statement's error and returned normally leaves the transaction
    /// failed, which would fail every later statement of the batch: it is rolled back alone.
    private func caughtFailure() -> PostgresError? {
        guard database.isInFailedTransaction else { return nil }
        return PostgresError(sqlState: "25P02", message: "a statement of this write failed and its error was caught; "
                                + "the write is rolled back")
    }

    /// After the session was lost: reconnects with a growing delay, failing the writes that wait
    /// meanwhile (their callers learn at once rather than after the outage), until the database
    /// answers or the store closes.
    private func recover(after error: StoreError) {
        availability.lost(error)
        var backoff = Backoff()
        while true {
            do {
                try database.connect()
                availability.regained()
                return
            } catch {
                let waiting = queue.takeWaiting(upTo: Int.max)
                for job in waiting { job.fail(error) }
                statistics.record(failedWrites: waiting.count)
            }
            guard backoff.sleep(unless: stop) else { return }
        }
    }
}
