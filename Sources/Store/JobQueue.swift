import Threads
/// A first-in first-out queue of jobs between the callers and one or more store threads.
/// Closing it refuses new jobs but lets the threads drain the ones already accepted.
package final class JobQueue: Sendable {
    package init() {}

    private struct State: Sendable {
        var jobs: [Job] = []
        /// Index of the oldest job; taken jobs before it are dropped in bulk, not one at a time.
        var head = 0
        var isClosed = false

        var isEmpty: Bool { head == jobs.count }

        mutating func take(upTo limit: Int) -> [Job] {
            let end = min(jobs.count, head + limit)
            let taken = Array(jobs[head..<end])
            head = end
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1024 && head * 2 >= jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return taken
        }
    }

    private let lock = ConditionLock(State())

    /// Adds `job`; false when the queue is closed (the job was not accepted).
    package func push(_ job: Job) -> Bool {
        lock.update { state in
            guard !state.isClosed else { return false }
            state.jobs.append(job)
            return true
        }
    }

    /// Blocks until jobs are waiting and takes up to `limit` of them, oldest first; nil once the
    /// queue is closed and empty.
    package func take(upTo limit: Int) -> [Job]? {
        // The outer optional is "stop waiting", the inner one "and there is no work".
        lock.wait { state -> [Job]?? in
            if !state.isEmpty { return .some(state.take(upTo: limit)) }
            return state.isClosed ? .some(nil) : nil
        }
    }

    /// Takes up to `limit` waiting jobs without blocking (possibly none).
    package func takeWaiting(upTo limit: Int) -> [Job] {
        lock.withLock { state in state.take(upTo: limit) }
    }

    /// Refuses further jobs and wakes every waiting thread, so each drains what is left and stops.
    package func close() {
        lock.update(wakeAll: true) { $0.isClosed = true }
    }
}
