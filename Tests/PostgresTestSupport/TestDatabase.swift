import Logging
import Postgres
import TestSupport

/// Runs `body` on a thread of its own (connections block) with a database of its own: created
/// empty for it on the test server and dropped afterwards, so tests are isolated from each other
/// and can run in parallel. `body` gets the database's target, credentials included.
public func withTestDatabase<R: Sendable>(_ body: @escaping @Sendable (PostgresTarget) throws -> R) async throws -> R {
    try await onThread {
        let database = try TestDatabase()
        let result: R
        do {
            result = try body(database.target)
        } catch {
            database.drop(after: error)
            throw error
        }
        try database.drop()
        return result
    }
}

/// `withTestDatabase` for a body that awaits (a store's `read` and `write`): creating and
/// dropping the database block, and run on a thread of their own, while `body` runs as a task.
public func withAsyncTestDatabase<R>(_ body: (PostgresTarget) async throws -> R) async throws -> R {
    let database = try await onThread { try TestDatabase() }
    let result: R
    do {
        result = try await body(database.target)
    } catch {
        try await onThread { database.drop(after: error) }
        throw error
    }
    try await onThread { try database.drop() }
    return result
}

/// A database created for one test.
private struct TestDatabase: Sendable {
    let server: PostgresTarget
    let name: String

    var target: PostgresTarget { server.with(database: name) }

    @available(*, noasync, message: "connects: call it inside onThread")
    init() throws {
        server = try TestServer.administrator()
        name = "webchat_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        try PostgresConnection(target: server).execute("CREATE DATABASE \(name)")
    }

    /// FORCE ends sessions a failed test left open, which would otherwise keep the database.
    @available(*, noasync, message: "connects: call it inside onThread")
    func drop() throws {
        try PostgresConnection(target: server).execute("DROP DATABASE \(name) WITH (FORCE)")
    }

    /// Drops the database after the test failed with `error`, which stays the one reported.
    @available(*, noasync, message: "connects: call it inside onThread")
    func drop(after error: any Error) {
        do {
            try drop()
        } catch let dropFailure {
            Logger.standard.failure("dropping a test database failed", dropFailure, ["database": name, "after": "\(error)"])
        }
    }
}
