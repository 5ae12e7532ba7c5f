import Synchronization

/// Counters of the writer, for monitoring and to see group commit at work: under load, `commits`
/// stays far below `committedWrites`.
public struct StoreStatistics: Sendable, Hashable {
    /// Transactions the writer committed.
    public var commits = 0
    /// Writes whose work is committed.
    public var committedWrites = 0
    /// Writes answered with an error (their own, or their batch's).
    public var failedWrites = 0

    public init(commits: Int = 0, committedWrites: Int = 0, failedWrites: Int = 0) {
        self.commits = commits
        self.committedWrites = committedWrites
        self.failedWrites = failedWrites
    }
}

/// The writer's counters, shared with the `Store` that reports them.
package final class StatisticsCounter: Sendable {
    package init() {}

    private let counts = Mutex(StoreStatistics())

    package var snapshot: StoreStatistics { counts.withLock { $0 } }

    package func record(commit committedWrites: Int, failedWrites: Int) {
        counts.withLock { counts in
            counts.commits += 1
            counts.committedWrites += committedWrites
            counts.failedWrites += failedWrites
        }
    }

    package func record(failedWrites: Int) {
        counts.withLock { $0.failedWrites += failedWrites }
    }
}
