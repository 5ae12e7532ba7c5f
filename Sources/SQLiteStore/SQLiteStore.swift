import Store
import Threads
/// The embedded database of the server: one SQLite file in write-ahead-log mode, one writer thread
/// that commits waiting writes together (group commit), and reader threads with read-only
/// connections. Event loops must never block, so every SQLite call happens on these threads;
/// callers await the answer (`read`, `write`) or get it in a callback (`submitRead`, `submitWrite`).
///
/// The store knows nothing about chats: callers pass SQL and closures. Work closures run on a store
/// thread with that thread's `SQLiteDatabase`, already inside a transaction the store owns; they should
/// only touch the database (a write's work is not retried, but it may be rolled back).
public final class SQLiteStore: Store {
    /// The schema version the file is at: the newest migration's.
    public let schemaVersion: Int
    private let queues: StoreQueues
    private let stopped: CompletionSignal
    private let counters: StatisticsCounter
    private let commits = CommitObserver()
    private let configuration: StoreConfiguration
    /// The VFS every connection opens with (`LogBatchingDecision`).
    private let vfs: String?

    /// Opens (creating when missing) the database in `configuration.directory`, switches it to
    /// write-ahead logging, applies the pending `migrations` in order, and starts the threads.
    ///
    /// Throws `StoreError.invalidMigrationOrder` for a list that is not strictly increasing,
    /// `StoreError.databaseNewerThanMigrations` for a file written by a newer build,
    /// `StoreError.migrationFailed` (the file stays at the version before the failing migration),
    /// or the `SQLiteError` that kept the file from opening.
    public init(_ configuration: StoreConfiguration, migrations: [Migration]) throws {
        try configuration.validate()
        self.configuration = configuration
        let newest = try Migration.newestVersion(of: migrations)
        try DataDirectory.create(configuration.directory)
        let vfs = configuration.logBatching.vfsName(for: configuration)
        self.vfs = vfs
        let path = configuration.databasePath
        DataDirectory.createPrivateFile(path)
        let writer = try SQLiteDatabase(path: path, access: .readWrite, configuration: configuration, vfs: vfs)
        try writer.enableWriteAheadLog()
        schemaVersion = try writer.migrate(migrations, upTo: newest)
        // SQLite walks every page the writer's cache holds at the end of each commit (the cache
        // is trimmed to the database's size), so a large cache costs every commit. 8 MiB holds
        // the pages a batch touches; others are read from the kernel's cache of the file.
        try writer.execute("PRAGMA cache_size = -8192")

        // The threads capture these, never `self`: dropping the last reference to the store
        // must run its deinit, which tells the threads to finish.
        let queues = StoreQueues()
        let stopped = CompletionSignal()
        let counters = StatisticsCounter()
        let checkpointer = Checkpointer(thresholdFrames: configuration.checkpointFrames)
        self.queues = queues
        self.stopped = stopped
        self.counters = counters

        // Readers and the checkpointer: the writer joins them once its queue is done.
        var helpers: [PlatformThread] = []
        var writerThread: PlatformThread?
        do {
            for _ in 0..<configuration.readerCount {
                let reader = try SQLiteDatabase(path: path, access: .readOnly, configuration: configuration, vfs: vfs, mapped: true)
                helpers.append(try startThread(name: "webchat-reader") {
                    serveReads(on: reader, from: queues.reader)
                    reader.close()
                })
            }
            let checkpointing = try SQLiteDatabase(path: path, access: .readWrite, configuration: configuration, vfs: vfs)
            helpers.append(try startThread(name: "webchat-checkpoint") {
                checkpointer.run(on: checkpointing)
                checkpointing.close()
            })
            writer.reportLogGrowth(to: checkpointer)
            let maxBatch = configuration.maxBatch
            let commits = self.commits
            let joinedByWriter = helpers
            let writing = try startThread(name: "webchat-writer") {
                Writer(database: writer, queue: queues.writer, maxBatch: maxBatch, statistics: counters, commits: commits,
                       checkpointer: checkpointer).run()
                checkpointer.close()
                // Readers finish first: a checkpoint cannot truncate the log under an open snapshot.
                for thread in joinedByWriter { thread.join() }
                writer.checkpointAndClose()
            }
            writerThread = writing
            // `close()` returns once the writer thread has ended, not when it is about to: a
            // process that exits right after closing the store must not cut the thread's own
            // teardown short (OpenSSL frees its per-thread random generator there).
            try startDetachedThread(name: "webchat-closing") {
                writing.join()
                stopped.complete()
            }
        } catch {
            queues.close()
            checkpointer.close()
            if let writerThread { writerThread.join() } else { for thread in helpers { thread.join() } }
            throw error
        }
    }

    deinit {
        beginClosing()
    }

    /// Queues `work` for the next group commit (`Store.submitWrite`). `work` runs inside the
    /// writer's transaction; if it throws, only its own changes are rolled back.
    public func submitWrite<T: Sendable>(
        _ work: @escaping @Sendable (any Database) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        queues.submitWrite(work, completion: completion)
    }

    /// Queues `work` for a reader, in a read transaction (`Store.submitRead`).
    public func submitRead<T: Sendable>(
        _ work: @escaping @Sendable (any Database) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        queues.submitRead(work, completion: completion)
    }

    /// Stops accepting work, lets the threads finish everything already accepted (queued writes
    /// are committed, not dropped), checkpoints the log into the database file and closes every
    /// connection. Returns when all of that is done; calling it again waits for the same end.
    /// Afterwards `read` and `write` throw `StoreError.closed`.
    public func close() async {
        beginClosing()
        await stopped.wait()
    }

    /// The first, synchronous half of `close()`: from here on new work is refused.
    func beginClosing() {
        queues.close()
    }

    /// Calls `observer` on the writer thread after every commit that kept at least one write (it
    /// replaces any earlier observer). It must only pass the news on, never do work: the writer
    /// waits for it.
    public func observeCommits(_ observer: @escaping @Sendable () -> Void) {
        commits.set(observer)
    }

    /// A read-only connection of its own, for a thread that reads continuously and must not
    /// queue behind other reads (the realtime hub following the event log). The caller's thread
    /// owns it and closes it by dropping it. `cacheKilobytes` sizes its page cache: a reader of
    /// the log's newest pages needs far less than the 64 MiB a list over a million chats uses.
    public func makeReadConnection(cacheKilobytes: Int) throws -> any Database {
        let database = try SQLiteDatabase(path: configuration.databasePath, access: .readOnly, configuration: configuration, vfs: vfs)
        try database.execute("PRAGMA cache_size = -\(max(64, cacheKilobytes))")
        return database
    }

    /// Opens the store of `configuration`, runs `body` with it, and closes it — whether `body`
    /// returns or throws — before returning: for commands that use the database once and exit.
    public static func withOpen<Result>(_ configuration: StoreConfiguration, migrations: [Migration],
                                        _ body: (SQLiteStore) async throws -> Result) async throws -> Result {
        try await SQLiteStore(configuration, migrations: migrations).closing(after: body)
    }

    /// Nothing to do: no other node shares an embedded file.
    public func broadcast(_ payload: String) {}

    /// Nothing will come: no other node shares an embedded file.
    public func observeBroadcasts(_ observer: @escaping @Sendable (String) -> Void) {}

    /// Always true: an embedded file has no server to lose.
    public var isAvailable: Bool { true }

    /// A snapshot of the writer's counters.
    public var statistics: StoreStatistics { counters.snapshot }

    /// Refreshes the statistics SQLite's query planner uses (`ANALYZE`, sampling at most about
    /// 1,000 rows per index, so it takes milliseconds even on millions of rows). Without them the
    /// planner cannot tell a selective index from one that matches every row: a metadata filter
    /// that matches 100 of a million chats would walk all million in list order instead.
    public func refreshPlannerStatistics() async throws {
        try await write { database in try database.execute("PRAGMA analysis_limit = 1000; ANALYZE") }
    }

    /// Copies the log into the database file and truncates it to nothing, on a connection of its
    /// own (a checkpoint cannot run inside the writer's transactions): the log's frames hold
    /// pages as they were before a delete. Deleted content in the database file itself was
    /// already zeroed (every connection runs with `secure_delete`). It waits for readers of older
    /// snapshots up to the busy timeout, and throws when they kept the log.
    public func eraseFreedSpace(of tables: [String]) async throws {
        let configuration = self.configuration
        try await PlatformThread.run(name: "webchat-erase") {
            let database = try SQLiteDatabase(path: configuration.databasePath, access: .readWrite, configuration: configuration, vfs: nil)
            defer { database.close() }
            let busy = try database.queryOne("PRAGMA wal_checkpoint(TRUNCATE)", []) { $0.int(0) ?? 1 } ?? 1
            guard busy == 0 else { throw StoreError.unavailable("the write-ahead log is still read; it is emptied at a later checkpoint") }
        }
    }
}

extension SQLiteDatabase {
    /// Copies the whole log into the database file and empties it, so a stopped server leaves one
    /// self-contained file behind, then closes the connection. Best effort: if another process
    /// still reads the file, the log stays and SQLite replays it at the next open.
    fileprivate func checkpointAndClose() {
        do {
            try run("PRAGMA wal_checkpoint(TRUNCATE)")
        } catch {
            logger.failure("the closing checkpoint failed; the log is replayed at the next open", error, level: .warning)
        }
        close()
    }
}
