/// The two queues every backend's store has, between its callers and its threads: one for the
/// writer's group commits, one for the readers. Closing them refuses new work while the threads
/// drain what was accepted.
package struct StoreQueues: Sendable {
    package let writer = JobQueue()
    package let reader = JobQueue()

    package init() {}

    /// Queues `work` for the writer; after `close()`, answers `StoreError.closed` at once, on
    /// the caller's thread.
    package func submitWrite<T: Sendable>(_ work: @escaping @Sendable (any Database) throws -> T,
                                          completion: @escaping @Sendable (Result<T, any Error>) -> Void) {
        if !writer.push(Job(work, completion: completion)) { completion(.failure(StoreError.closed)) }
    }

    /// Queues `work` for a reader; after `close()`, answers `StoreError.closed` at once.
    package func submitRead<T: Sendable>(_ work: @escaping @Sendable (any Database) throws -> T,
                                         completion: @escaping @Sendable (Result<T, any Error>) -> Void) {
        if !reader.push(Job(work, completion: completion)) { completion(.failure(StoreError.closed)) }
    }

    package func close() {
        reader.close()
        writer.close()
    }
}

/// A connection a reader thread serves jobs on, each in a read transaction of its own so that
/// all its queries see one committed snapshot.
package protocol ReadTransactions: Database {
    /// Begins the snapshot; a failure fails the job without running it.
    func beginRead() throws
    /// Ends the snapshot. There is nothing to commit, so a failure changes no answer: it is
    /// logged, and the connection is left ready for the next job.
    func endRead()
}

/// A reader thread's loop: one job at a time, each in its own snapshot, until the queue is
/// closed and drained.
package func serveReads(on database: some ReadTransactions, from queue: JobQueue) {
    while let jobs = queue.take(upTo: 1) {
        for job in jobs {
            do {
                try database.beginRead()
            } catch {
                job.fail(error)
                continue
            }
            let attempt = job.attempt(database)
            database.endRead()
            attempt.answer(attempt.failure)
        }
    }
}
