/// A database the server keeps everything in, whichever backend runs it (SQLite embedded, or
/// PostgreSQL shared by several nodes). Event loops must never block, so every database call
/// happens on the store's own threads; callers await the answer (`read`, `write`) or get it in a
/// callback (`submitRead`, `submitWrite`).
///
/// Writes are group-committed: every waiting write runs in one transaction on the writer's
/// connection, each isolated so that a failing one is rolled back alone, and every caller is
/// answered after the commit, in commit order. A write's work may run more than once (a batch is
/// rolled back and run again after some failures), so it must have no effect outside the
/// database. Reads run on reader connections, each in a transaction that sees one committed
/// snapshot.
public protocol Store: AnyObject, Sendable {
    /// The schema version the database is at: the newest migration's.
    var schemaVersion: Int { get }

    /// Queues `work` for the next group commit; `completion` gets the outcome on the writer
    /// thread after the commit (or at once, with `StoreError.closed`, after `close()` began).
    /// It should only hand the result over, since the writer waits for it.
    func submitWrite<T: Sendable>(_ work: @escaping @Sendable (any Database) throws -> T,
                                  completion: @escaping @Sendable (Result<T, any Error>) -> Void)

    /// Queues `work` for a reader connection; `completion` gets the outcome on that thread.
    func submitRead<T: Sendable>(_ work: @escaping @Sendable (any Database) throws -> T,
                                 completion: @escaping @Sendable (Result<T, any Error>) -> Void)

    /// Calls `observer` after every commit that may have appended to a log: this node's own
    /// commits, and on a shared database the commits of other nodes as they are announced. It
    /// replaces any earlier observer and must only pass the news on, never do work.
    func observeCommits(_ observer: @escaping @Sendable () -> Void)

    /// Shares `payload` with the other nodes of a shared database, whose broadcast observers get
    /// it; on a database no other node can share (an embedded file) there is no one to tell.
    /// Best effort, for what may be lost (typing, presence): a payload is dropped when the
    /// database is unreachable or too many wait, and one over `maximumBroadcastBytes` is refused.
    func broadcast(_ payload: String)

    /// Calls `observer` with every payload another node broadcast, on a thread of the store; it
    /// replaces any earlier observer and must only pass the payload on.
    func observeBroadcasts(_ observer: @escaping @Sendable (String) -> Void)

    /// A read connection of its own, outside any transaction, for a thread that reads
    /// continuously and must not queue behind other reads (the realtime hub following the log).
    /// The caller's thread owns it and closes it by dropping it. `cacheKilobytes` sizes its
    /// cache where the backend has one of its own.
    func makeReadConnection(cacheKilobytes: Int) throws -> any Database

    /// Whether the database answered lately: false while a server database is unreachable.
    var isAvailable: Bool { get }

    /// A snapshot of the writer's counters.
    var statistics: StoreStatistics { get }

    /// Refreshes the statistics the query planner uses.
    func refreshPlannerStatistics() async throws

    /// After rows were deleted to be gone (a visitor's data, contract §11): makes their bytes
    /// leave the files as far as the backend can at once. SQLite zeroes freed space as it frees
    /// it (`secure_delete`) and this empties its write-ahead log, which still holds the pages as
    /// they were; PostgreSQL vacuums `tables`, so the space is reused — the bytes go when it is
    /// overwritten, or at once with the operator's `VACUUM FULL`.
    func eraseFreedSpace(of tables: [String]) async throws

    /// Stops accepting work, finishes everything already accepted and closes every connection.
    /// Returns when that is done; afterwards `read` and `write` throw `StoreError.closed`.
    func close() async
}

/// The largest broadcast payload, in UTF-8 bytes: PostgreSQL's limit on a notification (8000)
/// less room for its framing.
public let maximumBroadcastBytes = 7_900

extension Store {
    /// Runs `work` in the next group commit and returns its value once the transaction is
    /// committed. If `work` throws, only its own changes are rolled back and the error is
    /// rethrown. Not cancellable: once accepted, the write is committed or fails on its own.
    public func write<T: Sendable>(_ work: @escaping @Sendable (any Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submitWrite(work) { continuation.resume(with: $0) }
        }
    }

    /// Runs `work` on a reader connection in a read transaction: every query in it sees the same
    /// committed snapshot, never a write still in progress.
    public func read<T: Sendable>(_ work: @escaping @Sendable (any Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submitRead(work) { continuation.resume(with: $0) }
        }
    }

    /// Opens nothing: runs `body` with this store and closes it — whether `body` returns or
    /// throws — before returning, for commands that use the database once and exit.
    public func closing<Result>(after body: (Self) async throws -> Result) async throws -> Result {
        do {
            let result = try await body(self)
            await close()
            return result
        } catch {
            await close()
            throw error
        }
    }
}
