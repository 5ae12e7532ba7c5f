import Glibc
import Logging
import Postgres
import TestSupport

/// The PostgreSQL server the tests use: the cluster `Tests/run.sh` started (its URL in
/// `WEBCHAT_TEST_DATABASE`), or, when a developer runs `swift test` alone, a cluster this test
/// process starts itself with the same script, so PostgreSQL tests run everywhere and are never
/// skipped. The script's watchdog stops that cluster when this process ends, however it ends.
public enum TestServer {
    /// The superuser's target on the server's `postgres` database. The first call may start the
    /// cluster (seconds); every later one returns at once.
    @available(*, noasync, message: "may start a cluster: call it inside onThread")
    public static func administrator() throws -> PostgresTarget {
        try shared.get()
    }

    private static let shared = Result<PostgresTarget, any Error> {
        if let url = environmentValue("WEBCHAT_TEST_DATABASE") { return try PostgresTarget(url) }
        return try startCluster()
    }

    @available(*, noasync)
    private static func startCluster() throws -> PostgresTarget {
        let directory = try TemporaryDirectory("webchat-postgres")
        let started = try ChildProcess.run(clusterScript, ["start", directory.path, String(getpid())])
        // The script prints the URL as its one line of output. It fails only with no server running.
        guard started.status == 0, let url = started.output.split(separator: "\n").last else {
            directory.remove()
            throw RawClient.Failure(description: "\(clusterScript) start failed (\(started.status)): \(started.error)")
        }
        let target = try PostgresTarget(String(url))
        Logger.standard.warning("WEBCHAT_TEST_DATABASE is not set: started a PostgreSQL cluster for this test run",
                                ["directory": directory.path, "target": target.description])
        return target
    }

    /// Tests/postgres-cluster.sh, found from this file's place in the checkout; tests that need a
    /// cluster of their own (to stop it under a running server) start one with it too.
    public static var clusterScript: String {
        let parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        return (parts.dropLast(2) + ["postgres-cluster.sh"]).joined(separator: "/")
    }
}

/// The environment variable `name`, nil when unset or empty.
private func environmentValue(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    let text = String(cString: value)
    return text.isEmpty ? nil : text
}
