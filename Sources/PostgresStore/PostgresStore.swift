import Postgres
import Store
import Threads

/// The store on a PostgreSQL database that several nodes share: one writer thread that commits
/// waiting writes together (group commit, `Writer`), reader threads each with a session of its
/// own (`Reader`), and a listener through which other nodes' commits wake this node's commit
/// observer (`Listener`). Every PostgreSQL call happens on these threads; callers await the
/// answer (`read`, `write`) or get it in a callback (`submitRead`, `submitWrite`).
///
/// Ordered logs (`LogAppend`) take their ids from a counter row per log, which the caller's
/// migrations create: `log_counters(log text PRIMARY KEY, last_id bigint NOT NULL)` with one
/// row `(name of the log's table, 0)` per log. The writer takes a batch's ids at the end of the
/// batch (`flushAppends`), so ids are committed in increasing order across nodes.
///
/// When the database is lost, work fails with `StoreError.unavailable`, `isAvailable` turns
/// false, and every thread reconnects by itself once the server is back. A write whose COMMIT
/// was sent but whose answer was lost is answered `.unavailable` although it may be committed:
/// clients retry such writes with the same `client_id`, which makes them happen once.
public final class PostgresStore: Store {
    /// The schema version the database is at: the newest migration's.
    public let schemaVersion: Int
    private let configuration: PostgresStoreConfiguration
    private let queues: StoreQueues
    private let stopped: CompletionSignal
    private let stop: StopFlag
    private let counters: StatisticsCounter
    private let availability: Availability
    private let commits = CommitObserver()
    private let broadcasts = BroadcastObserver()
    private let broadcastQueue = BroadcastQueue()

    /// Connects, applies the pending `migrations` under the advisory lock (`Migrations`), and
    /// starts the threads.
    ///
    /// Throws `StoreError.invalidMigrationOrder` for a list that is not strictly increasing,
    /// `StoreError.databaseNewerThanMigrations` for a database migrated by a newer build,
    /// `StoreError.migrationFailed` (the database stays at the version before the failing
    /// migration), `StoreError.unavailable` or the `PostgresError` that kept the database from
    /// opening.
    public init(_ configuration: PostgresStoreConfiguration, migrations: [Migration]) throws {
        try configuration.validate()
        self.configuration = configuration
        let newest = try Migration.newestVersion(of: migrations)
        let target = configuration.target
        let logger = configuration.logger
        let migrating = try PostgresConnection(target: target, configuration: configuration.migrationConnection, logger: logger)
        schemaVersion = try Migrations.apply(migrations, upTo: newest, on: migrating)

        // The threads capture these, never `self`: dropping the last reference to the store
        // must run its deinit, which tells the threads to finish.
        let queues = StoreQueues()
        let stopped = CompletionSignal()
        let stop = StopFlag()
        let counters = StatisticsCounter()
        let availability = Availability(logger: logger, target: target.description)
        let commits = self.commits
        let broadcasts = self.broadcasts
        let broadcastQueue = self.broadcastQueue
        let broadcasterSession = SessionProcess()
        let writerSession = SessionProcess()
        self.queues = queues
        self.stopped = stopped
        self.stop = stop
        self.counters = counters
        self.availability = availability

        // Readers and the listener: the writer joins them once its queue is done.
        var helpers: [PlatformThread] = []
        var writerThread: PlatformThread?
        do {
            for _ in 0..<configuration.readerCount {
                let reader = try database(.reader)
                helpers.append(try startThread(name: "webchat-pg-reader") {
                    serveReads(on: reader, from: queues.reader)
                })
            }
            let listening = try Listener.listening(target, configuration.connection, logger)
            let listener = Listener(target: target, configuration: configuration.connection, logger: logger, commits: commits,
                                    availability: availability, writer: writerSession, broadcasts: broadcasts,
                                    broadcaster: broadcasterSession, stop: stop)
            helpers.append(try startThread(name: "webchat-pg-listener") { listener.run(listening) })
            let broadcaster = Broadcaster(target: target, configuration: configuration.connection, logger: logger, queue: broadcastQueue,
                                          availability: availability, session: broadcasterSession, stop: stop)
            helpers.append(try startThread(name: "webchat-pg-broadcaster") { broadcaster.run() })
            let writer = Writer(database: try database(.writer), queue: queues.writer, maxBatch: configuration.maxBatch,
                                statistics: counters, commits: commits, availability: availability, session: writerSession,
                                stop: stop)
            let joinedByWriter = helpers
            let writing = try startThread(name: "webchat-pg-writer") {
                writer.run()
                // Readers drain their queue too; the listener stops within one wait.
                for thread in joinedByWriter { thread.join() }
            }
            writerThread = writing
            // `close()` returns once the writer thread has ended, not when it is about to.
            try startDetachedThread(name: "webchat-pg-closing") {
                writing.join()
                stopped.complete()
            }
        } catch {
            stop.set()
            broadcastQueue.close()
            queues.close()
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

    /// Queues `work` for a reader, in a read-only snapshot (`Store.submitRead`).
    public func submitRead<T: Sendable>(
        _ work: @escaping @Sendable (any Database) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        queues.submitRead(work, completion: completion)
    }

    /// Stops accepting work, lets the threads finish everything already accepted (queued writes
    /// are committed, or failed with `.unavailable` while the database is lost), stops the
    /// listener and closes every session. Returns when all of that is done.
    public func close() async {
        beginClosing()
        await stopped.wait()
    }

    /// The first, synchronous half of `close()`: from here on new work is refused, and threads
    /// waiting for a lost database stop waiting (what they still hold fails `.unavailable`).
    private func beginClosing() {
        stop.set()
        broadcastQueue.close()
        queues.close()
    }

    /// Calls `observer` after every commit of this node that kept a write (on the writer thread)
    /// and whenever another node announces a commit that appended log rows (on the listener
    /// thread). It replaces any earlier observer and must only pass the news on.
    public func observeCommits(_ observer: @escaping @Sendable () -> Void) {
        commits.set(observer)
    }

    /// Queues `payload` for the broadcaster thread, which sends it to the other nodes; dropped
    /// (it may be lost) when too many wait or it is too long for a notification.
    public func broadcast(_ payload: String) {
        guard payload.utf8.count <= maximumBroadcastBytes else {
            configuration.logger.warning("a broadcast longer than a notification may be was dropped", ["bytes": "\(payload.utf8.count)"])
            return
        }
        if !broadcastQueue.push(payload) {
            configuration.logger.warning("broadcasts are dropped: too many wait for the broadcaster", ["waiting": "\(BroadcastQueue.capacity)"])
        }
    }

    /// Calls `observer` with each payload another node broadcast, on the listener thread.
    public func observeBroadcasts(_ observer: @escaping @Sendable (String) -> Void) {
        broadcasts.set(observer)
    }

    /// A session of its own outside any transaction, each statement committed on its own, for a
    /// thread that reads continuously (the realtime hub). PostgreSQL has no client-side page
    /// cache, so `cacheKilobytes` has nothing to size.
    public func makeReadConnection(cacheKilobytes: Int) throws -> any Database {
        try database(.autocommit)
    }

    /// False from the moment the writer or the listener loses the database until it is back.
    public var isAvailable: Bool { availability.isAvailable }

    /// A snapshot of the writer's counters.
    public var statistics: StoreStatistics { counters.snapshot }

    /// Refreshes the statistics PostgreSQL's planner uses, for this schema's tables. Autovacuum
    /// does this too, but only after enough rows changed; a freshly imported database would be
    /// planned blind until then.
    ///
    /// A bare `ANALYZE` would also sample the catalogs every database of the server shares
    /// (`pg_database`, `pg_authid`, ...), under a lock that no two such analyses hold at once:
    /// nodes of unrelated deployments on one server, or many test databases, queued behind each
    /// other until statements timed out. Naming the tables keeps it to ours. It runs on a session
    /// and thread of its own, not the writer: ANALYZE does not block writes, so sends need not
    /// wait seconds for it on a large database. Callers that wrote before await those writes.
    public func refreshPlannerStatistics() async throws {
        try await PlatformThread.run(name: "webchat-analyze") { [self] in
            let session = try database(.autocommit)
            var tables: [String] = []
            try session.query("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1", []) { row in
                if let table = row.string(0) { tables.append(table) }
            }
            if !tables.isEmpty { try session.execute("ANALYZE " + tables.joined(separator: ", ")) }
        }
    }

    /// Vacuums `tables` on a session of its own (VACUUM runs outside transactions), so the space
    /// of deleted rows is reused; their bytes leave the files as it is overwritten.
    public func eraseFreedSpace(of tables: [String]) async throws {
        try await PlatformThread.run(name: "webchat-vacuum") { [self] in
            let session = try database(.autocommit)
            for table in tables {
                guard table.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || $0 == UInt8(ascii: "_") }) else {
                    throw StoreError.invalidConfiguration("\(table) is not a table name")
                }
                try session.execute("VACUUM " + table)
            }
        }
    }

    private func database(_ role: PostgresDatabase.Role) throws(StoreError) -> PostgresDatabase {
        try PostgresDatabase(target: configuration.target, configuration: configuration.connection, role: role,
                             statementCacheCapacity: configuration.statementCacheCapacity, logger: configuration.logger)
    }
}
