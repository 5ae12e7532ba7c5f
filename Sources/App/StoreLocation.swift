import Chat
import Glibc
import Logging
import Postgres
import PostgresStore
import SQLiteStore
import Store

/// Where the server keeps its data: the embedded SQLite file of a data directory (the default),
/// or a PostgreSQL database that several nodes share (`--database`, contract §12). The serve
/// command and every operator command open their store through this one place, so nothing else
/// knows which backend runs.
enum StoreLocation: CustomStringConvertible {
    case directory(String)
    case postgres(PostgresTarget)

    static let help = """
          --data-dir DIR     Data directory (default ./webchat-data; env WEBCHAT_DATA_DIR)
          --database URL     A PostgreSQL database (postgresql://user:password@host:port/name or libpq's
                             key=value form) instead of the SQLite file in the data directory; nodes
                             sharing it form a cluster (env WEBCHAT_DATABASE)
        """

    static let optionNames: Set<String> = ["data-dir", "database"]

    /// `--database` / `WEBCHAT_DATABASE` when given, else the data directory: `--data-dir` /
    /// `WEBCHAT_DATA_DIR`, else `./webchat-data`.
    static func parse(_ arguments: Arguments, _ environment: [String: String]) throws -> StoreLocation {
        if let database = try database(arguments, environment) { return .postgres(database) }
        return .directory(dataDirectory(arguments, environment))
    }

    static func dataDirectory(_ arguments: Arguments, _ environment: [String: String]) -> String {
        arguments.value("data-dir", environment: "WEBCHAT_DATA_DIR", in: environment) ?? "./webchat-data"
    }

    /// The PostgreSQL target of `--database` / `WEBCHAT_DATABASE`; an unparsable one is a usage
    /// error that does not repeat the text (it may hold the password).
    static func database(_ arguments: Arguments, _ environment: [String: String]) throws(UsageError) -> PostgresTarget? {
        guard let text = arguments.value("database", environment: "WEBCHAT_DATABASE", in: environment), !text.isEmpty else { return nil }
        do {
            return try PostgresTarget(text)
        } catch {
            throw UsageError("--database: \(error.message)")
        }
    }

    /// Whether a store exists here already: operator commands other than `create` refuse to start
    /// an empty SQLite file at a mistyped directory. A PostgreSQL database must exist before
    /// anyone connects, so a mistyped name fails to connect instead.
    var exists: Bool {
        switch self {
        case .directory(let directory): access(directory + "/" + StoreConfiguration(directory: directory).fileName, F_OK) == 0
        case .postgres: true
        }
    }

    /// The directory, or the database by host, port and name (never its password).
    var description: String {
        switch self {
        case .directory(let directory): directory
        case .postgres(let target): target.description
        }
    }

    /// Opens the store, running pending migrations (on PostgreSQL under a lock, so that nodes
    /// starting together migrate once). Blocking: call it off the cooperative pool. `durability`
    /// applies to SQLite; PostgreSQL's is the server's `synchronous_commit`.
    func open(readerCount: Int? = nil, durability: Durability = .normal, logger: Logger) throws -> any Store {
        switch self {
        case .directory(let directory):
            var configuration = StoreConfiguration(directory: directory, durability: durability)
            if let readerCount { configuration.readerCount = readerCount }
            configuration.logger = logger
            return try SQLiteStore(configuration, migrations: Schema.sqlite)
        case .postgres(let target):
            var configuration = PostgresStoreConfiguration(target: target, logger: logger)
            if let readerCount { configuration.readerCount = readerCount }
            return try PostgresStore(configuration, migrations: Schema.postgres)
        }
    }

    /// Runs `body` with the store open, and closes it cleanly whatever happens. Unless
    /// `creating`, only a store that exists already is opened, so that a mistyped location is an
    /// error instead of a new, empty database.
    func withStore<Result>(creating: Bool, _ body: (any Store) async throws -> Result) async throws -> Result {
        if !creating, !exists {
            throw UsageError("No WebChatKit data in \(description): start `webchat serve` or `webchat websites create` there first.")
        }
        let store = try open(readerCount: 1, logger: .standard)
        return try await store.closing(after: body)
    }
}
