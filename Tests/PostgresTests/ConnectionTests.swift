import CLibPQ
import Glibc
import Logging
@testable import Postgres
import PostgresTestSupport
import Testing

/// Connecting, and the settings every connection carries.
@Suite struct ConnectionTests {
    @Test func aConnectionCarriesItsNameTimeoutAndEncoding() async throws {
        try await withTestDatabase { target in
            let configuration = PostgresConfiguration(applicationName: "webchat-test-node", statementTimeoutMilliseconds: 1_234)
            let connection = try PostgresConnection(target: target, configuration: configuration)
            #expect(connection.serverVersion >= PostgresConnection.minimumServerVersion)
            #expect(connection.isConnected)
            let settings = try connection.execute("""
                SELECT current_setting('application_name'), current_setting('statement_timeout'),
                       current_setting('client_encoding'), current_database()
                """)[0]
            #expect(settings.string(0) == "webchat-test-node")
            #expect(settings.string(1) == "1234ms")
            #expect(settings.string(2) == "UTF8")
            #expect(settings.string(3) == target.database)
        }
    }

    /// The operator's URL wins over the configuration's defaults, so a deployment tunes them there.
    @Test func theTargetsOwnSettingsWinOverTheConfiguration() async throws {
        try await withTestDatabase { target in
            let tuned = try PostgresTarget(target.connectionString + " application_name='node-3' options='-c statement_timeout=5s'")
            let connection = try PostgresConnection(target: tuned, configuration: PostgresConfiguration(statementTimeoutMilliseconds: 100))
            let settings = try connection.execute("SELECT current_setting('application_name'), current_setting('statement_timeout')")[0]
            #expect(settings.string(0) == "node-3")
            #expect(settings.string(1) == "5s")
        }
    }

    @Test func aTargetIsParsedFromAURLAndDescribedWithoutCredentials() throws {
        let target = try PostgresTarget("postgresql://alice:s3cret-Pa55@db.internal:6543/chat?sslmode=verify-full")
        #expect(target.host == "db.internal")
        #expect(target.port == "6543")
        #expect(target.database == "chat")
        #expect(target.user == "alice")
        #expect(target["sslmode"] == "verify-full")
        #expect(target.description == "postgresql db.internal:6543/chat")
        for shown in [target.description, String(reflecting: target), "\(target)", dumped(target)] {
            #expect(!shown.contains("s3cret-Pa55"))
            #expect(!shown.contains("alice"))
        }
        let other = target.with(database: "other")
        #expect(other.database == "other")
        #expect(try PostgresTarget(other.connectionString)["password"] == "s3cret-Pa55")
    }

    /// libpq quotes the part of a malformed string it stumbled on, which can be the password.
    @Test func aMalformedTargetIsRefusedWithoutQuotingIt() {
        #expect {
            try PostgresTarget("host=db.internal s3cret-Pa55")
        } throws: { error in
            "\(error)".contains("neither a postgresql:// URL nor a libpq connection string") && !"\(error)".contains("s3cret")
        }
    }

    @Test func aKeywordValueIsQuotedInTheConnectionString() throws {
        let target = try PostgresTarget("host=localhost password='it\\'s a \\\\ pass'")
        #expect(target["password"] == "it's a \\ pass")
        #expect(try PostgresTarget(target.connectionString)["password"] == "it's a \\ pass")
    }
}

private func dumped(_ value: some Any) -> String {
    var text = ""
    dump(value, to: &text)
    return text
}

/// Keepalive settings reach the socket, so a server that vanishes silently is noticed in seconds.
@Suite struct KeepaliveTests {
    @Test func theSocketProbesAnIdleServer() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target, configuration: PostgresConfiguration(keepaliveIdleSeconds: 7))
            let socket = PQsocket(connection.handle)
            #expect(socketOption(socket, SOL_SOCKET, SO_KEEPALIVE) == 1)
            #expect(socketOption(socket, Int32(IPPROTO_TCP), TCP_KEEPIDLE) == 7)
            #expect(socketOption(socket, Int32(IPPROTO_TCP), TCP_KEEPINTVL) == 5)
            #expect(socketOption(socket, Int32(IPPROTO_TCP), TCP_KEEPCNT) == 3)
            let tuned = try PostgresConnection(target: PostgresTarget(target.connectionString + " keepalives_idle=60"))
            #expect(socketOption(PQsocket(tuned.handle), Int32(IPPROTO_TCP), TCP_KEEPIDLE) == 60, "the target's own setting wins")
        }
    }

    private func socketOption(_ socket: Int32, _ level: Int32, _ name: Int32) -> Int32? {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(socket, level, name, &value, &length) == 0 ? value : nil
    }
}
