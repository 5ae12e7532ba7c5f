import Postgres
import PostgresTestSupport
import Testing

/// Prepared statements, scripts and typed parameters: what the store's sessions are built on.
@Suite struct PreparedStatementTests {
    @Test func aPreparedStatementRunsByNameUntilDeallocated() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            try connection.prepare("add_one", "SELECT $1 + 1, $2", types: [TypeOID.int8, TypeOID.text])
            for value in [Int64(1), 41] {
                let row = try connection.executePrepared("add_one", [PostgresParameter(text: String(value), type: TypeOID.int8),
                                                                     PostgresParameter(text: "t", type: TypeOID.text)])[0]
                #expect(try row.int(0) == value + 1)
                #expect(row.string(1) == "t")
            }
            try connection.deallocate("add_one")
            #expect { try connection.executePrepared("add_one", []) } throws: { ($0 as? PostgresError)?.sqlState == "26000" }
        }
    }

    @Test func byteaAndTypedTextGoInAsTheyAre() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            let bytes: [UInt8] = [0, 1, 0x7F, 0x80, 0xFF, 0x5C]
            let row = try connection.execute("SELECT $1::bytea = '\\x00017f80ff5c'::bytea, length($1), pg_typeof($2)::text",
                                             typed: [.bytea(bytes), PostgresParameter(text: "x", type: TypeOID.text)])[0]
            #expect(try row.bool(0) == true)
            #expect(try row.int(1) == 6)
            #expect(row.string(2) == "text")
        }
    }

    @Test func aScriptRunsEveryStatementAndStopsAtTheFirstFailure() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            let last = try connection.executeScript("CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2); SELECT count(*) FROM t")
            #expect(try last[0].int(0) == 2)
            #expect(throws: PostgresError.self) { try connection.executeScript("INSERT INTO t VALUES (3); SELECT 1/0; INSERT INTO t VALUES (4)") }
            #expect(try connection.execute("SELECT count(*) FROM t")[0].int(0) == 2, "a failed script is one rolled-back transaction")
        }
    }

    /// A terminated session is told apart from a wrong statement, so a caller can reconnect.
    @Test func aTerminatedSessionIsAConnectionLoss() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            let administrator = try PostgresConnection(target: target)
            #expect { try connection.execute("SELECT 1/0") } throws: { ($0 as? PostgresError)?.isConnectionLoss == false }
            try administrator.execute("SELECT pg_terminate_backend($1::integer)", [.integer(Int64(connection.backendProcessID))])
            #expect { try connection.execute("SELECT 1") } throws: { error in
                (error as? PostgresError)?.isConnectionLoss == true || !connection.isConnected
            }
            #expect(!connection.isConnected)
        }
    }

    @Test func cellsReadInPlaceWithTheirTypes() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            let result = try connection.execute("SELECT 1.50::numeric, NULL::text")
            #expect(result.typeOID(0) == TypeOID.numeric)
            #expect(result.typeOID(1) == TypeOID.text)
            #expect(result.typeOID(2) == TypeOID.unspecified)
            #expect(result.withText(row: 0, column: 0) { String(decoding: $0, as: UTF8.self) } == "1.50")
            #expect(result.isNull(row: 0, column: 1))
            #expect(result.isNull(row: 1, column: 0), "outside the result reads as NULL")
        }
    }
}
