import Store
/// How hard a commit works to survive a crash. Both keep the write-ahead log, so readers never
/// block the writer; they differ only in when the log is synced to disk.
public enum Durability: String, Sendable {
    /// `PRAGMA synchronous=NORMAL`: a committed write survives the process crashing or being
    /// killed, but the last commits can be lost if the machine loses power.
    case normal
    /// `PRAGMA synchronous=FULL`: every commit is synced, so it survives power loss too, at the
    /// cost of one fsync per group commit.
    case full
}

import Logging

/// Where the database lives and how the store runs it. The defaults suit one server process.
public struct StoreConfiguration: Sendable {
    /// Where the store's threads report failures they handle by carrying on.
    public var logger = Logger.standard
    /// Created (mode 0700, parents included) when missing.
    public var directory: String
    public var fileName: String
    public var durability: Durability
    /// Threads, each with its own read-only connection, serving `read` concurrently.
    public var readerCount: Int
    /// The most writes committed in one transaction. Larger batches mean fewer commits under load;
    /// a bound keeps one transaction (and the wait of its first caller) from growing without limit.
    public var maxBatch: Int
    /// How long a connection waits for a lock held by another process before failing with
    /// `SQLITE_BUSY`.
    public var busyTimeoutMs: Int
    /// Prepared statements kept per connection. Statements are keyed by SQL text, so SQL built at
    /// run time (different `IN (?, ?)` lengths) would otherwise grow the cache without bound.
    public var statementCacheCapacity: Int
    /// Log size, in pages, at which a checkpoint copies the log into the database file on a
    /// thread of its own. A large log costs disk space; a small one copies the same hot pages
    /// (indexes, recent chats) over and over, and the copy and its fsyncs take CPU time from
    /// the writer's core. 40,000 pages is 160 MB: against 10,000, sends to 64 chats on one core
    /// gained about 14 % and their p99 fell from 15 to 10 ms (docs/BENCHMARKS.md).
    public var checkpointFrames: Int
    /// Whether the log's writes may be batched (`BatchedLogWrites`): one check per process
    /// unless a test puts in a decision of its own to force the fallback.
    var logBatching = LogBatchingDecision.shared

    public init(
        directory: String,
        fileName: String = "webchat.sqlite3",
        durability: Durability = .normal,
        readerCount: Int = 2,
        maxBatch: Int = 512,
        busyTimeoutMs: Int = 5000,
        statementCacheCapacity: Int = 128,
        checkpointFrames: Int = 40_000
    ) {
        self.directory = directory
        self.fileName = fileName
        self.durability = durability
        self.readerCount = readerCount
        self.maxBatch = maxBatch
        self.busyTimeoutMs = busyTimeoutMs
        self.statementCacheCapacity = statementCacheCapacity
        self.checkpointFrames = checkpointFrames
    }

    var databasePath: String {
        directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }

    func validate() throws(StoreError) {
        if directory.isEmpty { throw .invalidConfiguration("directory is empty") }
        if fileName.isEmpty || fileName.contains("/") { throw .invalidConfiguration("fileName must be a plain file name") }
        if readerCount < 1 { throw .invalidConfiguration("readerCount must be at least 1") }
        if maxBatch < 1 { throw .invalidConfiguration("maxBatch must be at least 1") }
        if busyTimeoutMs < 0 || busyTimeoutMs > Int(Int32.max) { throw .invalidConfiguration("busyTimeoutMs must be between 0 and \(Int32.max)") }
        if statementCacheCapacity < 1 { throw .invalidConfiguration("statementCacheCapacity must be at least 1") }
        if checkpointFrames < 1 { throw .invalidConfiguration("checkpointFrames must be at least 1") }
    }
}
