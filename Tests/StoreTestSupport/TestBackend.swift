import Chat
import Glibc
import Logging
import Postgres
import PostgresStore
import PostgresTestSupport
import SQLiteStore
import Store
import TestSupport

/// The store backend the domain and API tests run on. One suite serves both: `Tests/run.sh` runs
/// it once on SQLite and once more with `WEBCHAT_TEST_BACKEND=postgresql`, against the throwaway
/// PostgreSQL server it started (docs/CLUSTER.md).
public enum TestBackend: String, Sendable {
    case sqlite
    case postgresql

    /// `WEBCHAT_TEST_BACKEND`; SQLite when unset.
    public static let current: TestBackend = {
        guard let name = getenv("WEBCHAT_TEST_BACKEND").map({ String(cString: $0) }), !name.isEmpty else { return .sqlite }
        guard let backend = TestBackend(rawValue: name) else { fatalError("WEBCHAT_TEST_BACKEND must be sqlite or postgresql, not \(name)") }
        return backend
    }()
}

/// Runs `body` with a fresh database of the current backend for a server: nil on SQLite (the
/// server keeps its file in its data directory), else the target of a PostgreSQL database
/// created for this test and dropped afterwards.
public func withServerDatabase<R>(_ body: (PostgresTarget?) async throws -> R) async throws -> R {
    switch TestBackend.current {
    case .sqlite: try await body(nil)
    case .postgresql: try await withAsyncTestDatabase { target in try await body(target) }
    }
}

/// Runs `body` with a fresh, empty store of `backend` (the one under test unless a test is about
/// one backend) holding the chat schema, and closes and removes it afterwards, whatever `body` does.
public func withChatStore<R>(on backend: TestBackend = .current, _ body: (any Store) async throws -> R) async throws -> R {
    switch backend {
    case .sqlite:
        let directory = try TemporaryDirectory("webchat-store")
        defer { directory.remove() }
        let store = try SQLiteStore(StoreConfiguration(directory: directory.path), migrations: Schema.sqlite)
        return try await store.closing(after: body)
    case .postgresql:
        return try await withAsyncTestDatabase { target in
            let store = try PostgresStore(PostgresStoreConfiguration(target: target, readerCount: 2, logger: Logger(level: .error)),
                                          migrations: Schema.postgres)
            return try await store.closing(after: body)
        }
    }
}
