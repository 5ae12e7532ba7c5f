import Glibc
import Postgres
import PostgresTestSupport
import TestSupport

/// A PostgreSQL cluster of one test's own (Tests/postgres-cluster.sh), for a test that stops the
/// server under a running node and starts it again, which the shared test server must not do.
struct PrivatePostgres: Sendable {
    let directory: TemporaryDirectory
    let target: PostgresTarget

    /// Starts the cluster; its watchdog stops it should this process end without `remove()`.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    init() throws {
        directory = try TemporaryDirectory("webchat-private-postgres")
        let started = try ChildProcess.run(TestServer.clusterScript, ["start", directory.path, String(getpid())])
        guard started.status == 0, let url = started.output.split(separator: "\n").last else {
            directory.remove()
            throw RawClient.Failure(description: "the private PostgreSQL cluster did not start: \(started.error)")
        }
        target = try PostgresTarget(String(url))
    }

    /// Stops the server and keeps its data: the database is gone for its clients.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func stopServer() throws {
        try script("stop-server")
    }

    /// Starts the server again where it was.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func startServer() throws {
        try script("start-server")
    }

    /// Stops the cluster and removes its directory.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func remove() throws {
        try script("stop")
    }

    private func script(_ action: String) throws {
        let result = try ChildProcess.run(TestServer.clusterScript, [action, directory.path])
        guard result.status == 0 else {
            throw RawClient.Failure(description: "postgres-cluster.sh \(action) failed (\(result.status)): \(result.error)")
        }
    }
}
