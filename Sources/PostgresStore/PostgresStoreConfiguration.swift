import Logging
import Postgres
import Store

/// Which PostgreSQL database the store uses and how it runs it. The defaults suit one node of
/// several sharing the database.
public struct PostgresStoreConfiguration: Sendable {
    /// The server and database, credentials included (never logged: `PostgresTarget`).
    public var target: PostgresTarget
    /// Threads, each with a session of its own, serving `read` concurrently.
    public var readerCount: Int
    /// The most writes committed in one transaction: fewer commits under load, while a bound
    /// keeps one transaction (and the wait of its first caller) from growing without limit.
    public var maxBatch: Int
    /// The server cancels a statement running longer (SQLSTATE 57014) on every session but the
    /// one that migrates, so a runaway query or a lock wait cannot hold a store thread for ever.
    public var statementTimeoutMilliseconds: Int
    /// Prepared statements kept per session (`PreparedStatementCache`).
    public var statementCacheCapacity: Int
    /// Shown in `pg_stat_activity`, so an operator can tell the nodes' sessions apart.
    public var applicationName: String
    /// Where the store's threads report what they handle by carrying on (a lost database).
    public var logger: Logger

    public init(target: PostgresTarget, readerCount: Int = 4, maxBatch: Int = 256, statementTimeoutMilliseconds: Int = 30_000,
                statementCacheCapacity: Int = 256, applicationName: String = "webchat", logger: Logger = .standard) {
        self.target = target
        self.readerCount = readerCount
        self.maxBatch = maxBatch
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.statementCacheCapacity = statementCacheCapacity
        self.applicationName = applicationName
        self.logger = logger
    }

    /// The settings of every session but the migrating one.
    var connection: PostgresConfiguration {
        PostgresConfiguration(applicationName: applicationName, statementTimeoutMilliseconds: statementTimeoutMilliseconds)
    }

    /// Migrations may build indexes over millions of rows, and a node waits for another's
    /// migrations under the advisory lock: neither may be cut off by the statement timeout.
    var migrationConnection: PostgresConfiguration {
        PostgresConfiguration(applicationName: applicationName, statementTimeoutMilliseconds: 0)
    }

    func validate() throws(StoreError) {
        if readerCount < 1 { throw .invalidConfiguration("readerCount must be at least 1") }
        if maxBatch < 1 { throw .invalidConfiguration("maxBatch must be at least 1") }
        if statementTimeoutMilliseconds < 0 { throw .invalidConfiguration("statementTimeoutMilliseconds must not be negative") }
        if statementCacheCapacity < 1 { throw .invalidConfiguration("statementCacheCapacity must be at least 1") }
    }
}
