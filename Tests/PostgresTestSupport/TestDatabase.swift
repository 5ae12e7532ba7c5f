import Logging
import Postgres
import TestSupport

/// Runs `body` on a thread of its own (connections block) with a database of its own: created
/// empty for it on the test server and dropped afterwards, so tests are isolated from each other
/// and can run in parallel. `body` gets the database's target, credentials included.
public func withTestDatabase<R: Sendable>(_ body: @escaping @Sendable (PostgresTarget) throws -> R) async throws -> R {
    try await onThread {
        let server = try TestServer.administrator()
        let administrator = try PostgresConnection(target: server)
        let name = "webchat_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        try administrator.execute("CREATE DATABASE \(name)")
        let result: R
        do {
            result = try body(server.with(database: name))
        } catch {
            do {
                try drop(name, on: administrator)
            } catch let dropFailure {
                Logger.standard.failure("dropping a test database failed", dropFailure, ["database": name, "after": "\(error)"])
            }
            throw error
        }
        try drop(name, on: administrator)
        return result
    }
}

/// FORCE ends sessions a failed test left open, which would otherwise keep the database.
private func drop(_ name: String, on administrator: PostgresConnection) throws(PostgresError) {
    try administrator.execute("DROP DATABASE \(name) WITH (FORCE)")
}
