import Postgres
import PostgresTestSupport
import Testing

@Suite struct TransactionTests {
    private struct Abandoned: Error {}

    @Test func aRolledBackTransactionLeavesNothing() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            try connection.execute("CREATE TABLE items(name text PRIMARY KEY)")
            try connection.begin()
            #expect(connection.transactionState == .inTransaction)
            try connection.execute("INSERT INTO items VALUES ('rolled back')")
            try connection.rollback()
            #expect(connection.transactionState == .idle)
            try connection.begin()
            try connection.execute("INSERT INTO items VALUES ('kept')")
            try connection.commit()
            #expect(try connection.execute("SELECT name FROM items").rows.map { $0.string(0) } == ["kept"])
        }
    }

    @Test func theTransactionHelperRollsBackWhenItsBodyThrowsAndCommitsOtherwise() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            try connection.execute("CREATE TABLE items(name text PRIMARY KEY)")
            #expect(throws: Abandoned.self) {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO items VALUES ('abandoned')")
                    throw Abandoned()
                }
            }
            #expect(connection.transactionState == .idle)
            let count = try connection.transaction { connection in
                try connection.execute("INSERT INTO items VALUES ('committed')")
                return try connection.execute("SELECT count(*) FROM items")[0].int(0)
            }
            #expect(count == 1)
            let other = try PostgresConnection(target: target)
            #expect(try other.execute("SELECT name FROM items").rows.map { $0.string(0) } == ["committed"])
        }
    }

    /// The server answers COMMIT of a failed transaction with the tag ROLLBACK and no error.
    @Test func committingAFailedTransactionThrows() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            try connection.execute("CREATE TABLE items(name text PRIMARY KEY)")
            try connection.begin()
            try connection.execute("INSERT INTO items VALUES ('first')")
            #expect(throws: PostgresError.self) { try connection.execute("INSERT INTO items VALUES ('first')") }
            #expect(connection.transactionState == .inFailedTransaction)
            #expect { try connection.commit() } throws: { "\($0)".contains("COMMIT ended in ROLLBACK") }
            #expect(connection.transactionState == .idle)
            #expect(try connection.execute("SELECT count(*) FROM items")[0].int(0) == 0)
        }
    }
}
