import Glibc
import Postgres
import Synchronization
import TestSupport

/// One `webchat serve` process of a cluster test (contract §12), on a PostgreSQL database that
/// other nodes share. Every limit that would throttle a test's bursts is off, so what the tests
/// see is the cluster's behaviour, not a rate limit's.
final class ClusterNode: Sendable {
    static let operatorKey = "cluster-test-operator-key-0123456789"

    let process: ChildProcess
    let port: Int
    /// The exit status once the process was stopped or killed (and waited for).
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts a node on `database` and returns once it listens. The database's URL goes through
    /// the environment, so its password is not in the process list.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    init(database: PostgresTarget, dataDirectory: String) throws {
        let arguments = ["serve", "--port", "0", "--data-dir", dataDirectory, "--public-dir", repositoryPublicDirectory,
                         "--log-level", "warning", "--write-rate", "0", "--website-write-rate", "0", "--hello-rate", "0",
                         "--poll-rate", "0", "--command-rate", "0"]
        process = try ChildProcess(builtProduct("webchat"), arguments,
                                   environment: ["WEBCHAT_DATABASE": database.connectionString, "WEBCHAT_OPERATOR_KEY": Self.operatorKey])
        guard let port = process.waitForListeningPort() else {
            process.signal(SIGKILL)
            _ = process.wait()
            throw RawClient.Failure(description: "a cluster node did not start: \(process.standardError)")
        }
        self.port = port
    }

    /// A principal calling the API of this node.
    func caller(_ token: String) -> TestApp.Caller {
        TestApp.Caller(port: port, token: token)
    }

    /// A realtime connection to this node that said hello with `token` from `cursor`.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func realtime(_ token: String, cursor: String? = nil) throws -> RealtimeClient {
        let client = try RealtimeClient(port: port)
        try client.hello(token, cursor: cursor)
        return client
    }

    /// Sends `signal` (SIGTERM: a clean stop; SIGKILL: a crash) and waits for the exit. Returns
    /// the exit status; a node that ended already is not signalled again.
    @discardableResult
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        exitStatus.withLock { status in
            if let status { return status }
            process.signal(signal)
            let ended = process.wait()
            status = ended
            return ended
        }
    }

    /// Whether the node was stopped or killed.
    var hasEnded: Bool { exitStatus.withLock { $0 != nil } }
}
