import Postgres
import PostgresTestSupport
import Testing

/// Pipeline mode: many statements, one round trip.
@Suite struct PipelineTests {
    @Test func severalStatementsRunInOrderAndReturnTheirResults() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            try connection.execute("CREATE TABLE counters(website text PRIMARY KEY, last bigint NOT NULL)")
            let results = try connection.pipeline([
                PostgresStatement("INSERT INTO counters VALUES ($1, 0), ($2, 0)", ["ws_a", "ws_b"]),
                PostgresStatement("UPDATE counters SET last = last + $1 WHERE website = $2 RETURNING last", [5, "ws_a"]),
                PostgresStatement("UPDATE counters SET last = last + $1 WHERE website = $2 RETURNING last", [3, "ws_a"]),
                PostgresStatement("SELECT website, last FROM counters ORDER BY website"),
            ])
            #expect(results.map(\.commandStatus) == ["INSERT 0 2", "UPDATE 1", "UPDATE 1", "SELECT 2"])
            #expect(try results[1][0].int(0) == 5)
            #expect(try results[2][0].int(0) == 8)
            #expect(results[3].rows.map(\.values) == [[.text("ws_a"), .integer(8)], [.text("ws_b"), .integer(0)]])
            #expect(connection.transactionState == .idle)
            #expect(try connection.execute("SELECT 1")[0].int(0) == 1, "back to ordinary statements")
        }
    }

    /// The statements up to the sync are one transaction: a failure undoes the ones before it.
    @Test func aFailingStatementThrowsAndUndoesTheWholePipeline() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            try connection.execute("CREATE TABLE items(name text PRIMARY KEY)")
            try connection.execute("INSERT INTO items VALUES ('existing')")
            #expect {
                try connection.pipeline([
                    PostgresStatement("INSERT INTO items VALUES ($1)", ["new"]),
                    PostgresStatement("INSERT INTO items VALUES ($1)", ["existing"]),
                    PostgresStatement("INSERT INTO items VALUES ($1)", ["skipped"]),
                ])
            } throws: { ($0 as? PostgresError)?.isUniqueViolation == true }
            #expect(connection.transactionState == .idle)
            #expect(try connection.execute("SELECT name FROM items ORDER BY name").rows.map { $0.string(0) } == ["existing"])
            let again = try connection.pipeline([PostgresStatement("INSERT INTO items VALUES ($1)", ["after"])])
            #expect(again.map(\.affectedRows) == [1])
        }
    }

    /// Thousands of statements with sizeable results: more than either side's socket buffers hold,
    /// which a pipeline that only reads after sending everything would deadlock on.
    @Test func aPipelineLargerThanTheSocketBuffersCompletes() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            let count = 3_000
            let results = try connection.pipeline((0..<count).map { index in
                PostgresStatement("SELECT $1::bigint, repeat('x', 2000)", [.integer(Int64(index))])
            })
            #expect(results.count == count)
            #expect(try results.map { try $0[0].int(0) } == (0..<Int64(count)).map { $0 })
            #expect(results.allSatisfy { $0[0].string(1)?.utf8.count == 2000 })
        }
    }

    /// Savepoint commands ride with the prepared statement after them, in its transaction; a
    /// failing command skips the statement and leaves the transaction failed, as it would alone.
    @Test func commandsGoAheadOfAPreparedStatementInOneRoundTrip() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            try connection.execute("CREATE TABLE items(name text PRIMARY KEY)")
            try connection.prepare("add", "INSERT INTO items VALUES ($1) RETURNING name", types: [0])
            try connection.execute("BEGIN")
            let added = try connection.executePrepared("add", [PostgresParameter(text: "a", type: 0)], after: ["SAVEPOINT job"])
            #expect(added.commandStatus == "INSERT 0 1")
            #expect(added[0].string(0) == "a")
            try connection.execute("ROLLBACK TO SAVEPOINT job")
            _ = try connection.executePrepared("add", [PostgresParameter(text: "b", type: 0)], after: ["RELEASE SAVEPOINT job", "SAVEPOINT job"])
            #expect(connection.transactionState == .inTransaction)
            #expect {
                try connection.executePrepared("add", [PostgresParameter(text: "c", type: 0)],
                                               after: ["RELEASE SAVEPOINT job", "SAVEPOINT job", "RELEASE SAVEPOINT nothing"])
            } throws: { ($0 as? PostgresError)?.sqlState == "3B001" }
            #expect(connection.transactionState == .inFailedTransaction)
            try connection.execute("ROLLBACK TO SAVEPOINT job")
            try connection.execute("COMMIT")
            #expect(try connection.execute("SELECT name FROM items ORDER BY name").rows.map { $0.string(0) } == ["b"],
                    "a was rolled back to its savepoint, c never ran")
            #expect(try connection.executePrepared("add", [PostgresParameter(text: "d", type: 0)], after: []).affectedRows == 1)
        }
    }

    @Test func anEmptyPipelineSendsNothing() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            #expect(try connection.pipeline([]).isEmpty)
        }
    }
}
