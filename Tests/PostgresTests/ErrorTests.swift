import Clock
import Logging
import Postgres
import PostgresTestSupport
import Synchronization
import Testing

/// Errors carry the server's SQLSTATE and severity, and never a secret.
@Suite struct ErrorTests {
    @Test func aDuplicateKeyIsAUniqueViolation() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            try connection.execute("CREATE TABLE chats(id text PRIMARY KEY, client_id text UNIQUE)")
            try connection.execute("INSERT INTO chats VALUES ($1, $2)", ["ch_1", "client-secret-value"])
            #expect {
                try connection.execute("INSERT INTO chats VALUES ($1, $2)", ["ch_2", "client-secret-value"])
            } throws: { error in
                guard let error = error as? PostgresError else { return false }
                // The detail quotes the duplicate value (a user's data), so the description leaves it out.
                return error.isUniqueViolation && error.sqlState == "23505" && error.severity == "ERROR"
                    && error.detail?.contains("client-secret-value") == true && !error.description.contains("client-secret-value")
                    && error.description.hasPrefix("PostgreSQL ERROR 23505: duplicate key value violates unique constraint")
            }
            #expect(try connection.execute("SELECT count(*) FROM chats")[0].int(0) == 1)
        }
    }

    @Test func aStatementPastTheTimeoutIsCanceled() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target, configuration: PostgresConfiguration(statementTimeoutMilliseconds: 200))
            let started = MonotonicClock.milliseconds()
            #expect {
                try connection.execute("SELECT pg_sleep(10)")
            } throws: { error in
                (error as? PostgresError)?.isQueryCanceled == true && (error as? PostgresError)?.sqlState == "57014"
            }
            #expect(MonotonicClock.milliseconds() - started < 5_000)
            #expect(try connection.execute("SELECT 1")[0].int(0) == 1, "the connection stays usable")
        }
    }

    @Test func aBadPasswordIsRefusedWithoutShowingIt() async throws {
        try await withTestDatabase { target in
            let wrong = "wrong-Pa55-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let url = "postgresql://\(target.user ?? "webchat"):\(wrong)@\(target.host ?? "127.0.0.1"):\(target.port ?? "5432")/\(target.database ?? "postgres")"
            let lines = Mutex<[String]>([])
            let logger = Logger(level: .debug) { line in lines.withLock { $0.append(line) } }
            #expect {
                try PostgresConnection(target: PostgresTarget(url), logger: logger)
            } throws: { error in
                let text = "\(error)" + String(reflecting: error)
                return text.contains("password authentication failed") && text.contains(target.port ?? "?")
                    && !text.contains(wrong) && !text.contains(url)
            }
            #expect(lines.withLock { $0.allSatisfy { !$0.contains(wrong) } })
        }
    }

    /// What is logged about a connection names its target without the password.
    @Test func theConnectionsLogLinesHoldNoPassword() async throws {
        try await withTestDatabase { target in
            let password = try #require(target["password"])
            let lines = Mutex<[String]>([])
            let logger = Logger(level: .debug) { line in lines.withLock { $0.append(line) } }
            let connection = try PostgresConnection(target: target, logger: logger)
            // A notice (from DROP ... IF EXISTS) goes to the logger, not to standard error.
            try connection.execute("DROP TABLE IF EXISTS nothing_here")
            let logged = lines.withLock { $0 }
            #expect(logged.contains { $0.contains("connected to PostgreSQL") && $0.contains(target.description) })
            #expect(logged.contains { $0.contains("PostgreSQL notice") && $0.contains("does not exist, skipping") })
            #expect(logged.allSatisfy { !$0.contains(password) })
        }
    }
}
