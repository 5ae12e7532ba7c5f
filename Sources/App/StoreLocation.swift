import Chat
import Glibc
import Logging
import SQLiteStore
import Store

/// Where the server keeps its data: the embedded SQLite file of a data directory (the default).
/// The serve command and every operator command open their store through this one place.
enum StoreLocation {
    case directory(String)

    static let help = "  --data-dir DIR     Data directory (default ./webchat-data; env WEBCHAT_DATA_DIR)"

    /// `--data-dir` / `WEBCHAT_DATA_DIR`, else `./webchat-data`.
    static func parse(_ arguments: Arguments, _ environment: [String: String]) throws -> StoreLocation {
        .directory(arguments.value("data-dir", environment: "WEBCHAT_DATA_DIR", in: environment) ?? "./webchat-data")
    }

    /// Whether a store exists here already: operator commands other than `create` refuse to start
    /// an empty database at a mistyped location.
    var exists: Bool {
        switch self {
        case .directory(let directory):
            access(directory + "/" + StoreConfiguration(directory: directory).fileName, F_OK) == 0
        }
    }

    var description: String {
        switch self {
        case .directory(let directory): directory
        }
    }

    /// Opens the store, running pending migrations. Blocking: call it off the cooperative pool.
    func open(readerCount: Int? = nil, durability: Durability = .normal, logger: Logger) throws -> any Store {
        switch self {
        case .directory(let directory):
            var configuration = StoreConfiguration(directory: directory, durability: durability)
            if let readerCount { configuration.readerCount = readerCount }
            configuration.logger = logger
            return try SQLiteStore(configuration, migrations: Schema.sqlite)
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
