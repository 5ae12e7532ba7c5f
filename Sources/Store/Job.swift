/// One caller's work as the store's threads see it, with the caller's type erased.
///
/// A thread first runs `attempt` inside a transaction; the transaction's fate is known only
/// later (a group commit can still fail), so `attempt` returns the work's outcome together with
/// the way to answer the caller once that fate is known.
package struct Job: Sendable {
    /// Runs the work on the thread's connection.
    package let attempt: @Sendable (Database) -> Attempt
    /// Answers the caller without running the work, when its transaction could not even begin.
    package let fail: @Sendable (any Error) -> Void
}

/// The outcome of running one job's work, waiting for its transaction to end.
package struct Attempt {
    /// The error the work threw, or nil when it returned a value.
    package let failure: (any Error)?
    /// Answers the caller: nil means "your work is committed, here is its value", an error means
    /// the work failed or was rolled back.
    package let answer: (_ failure: (any Error)?) -> Void
}

extension Job {
    /// A job whose value (or error) goes to `completion`, called on the store's thread.
    package init<T: Sendable>(
        _ work: @escaping @Sendable (Database) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        attempt = { database in
            let outcome = Result { try work(database) }
            let failure: (any Error)?
            if case .failure(let error) = outcome { failure = error } else { failure = nil }
            return Attempt(failure: failure) { finalFailure in
                completion(finalFailure.map { .failure($0) } ?? outcome)
            }
        }
        fail = { error in completion(.failure(error)) }
    }
}
