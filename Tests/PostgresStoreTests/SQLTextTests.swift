import Postgres
@testable import PostgresStore
import Testing

/// `?` placeholders and the refusal of transaction control, on SQL text alone.
@Suite struct SQLTextTests {
    @Test func placeholdersAreNumberedOutsideStringsIdentifiersCommentsAndDollarQuotes() {
        let sql = """
            SELECT ?, '?''?', "a?""b", E'\\'?', $$ ? $$, $q$ ?$x$ $q$, a$b, -- ?
            /* ? /* ? */ ? */ ?, x::text||?
            """
        let numbered = NumberedSQL(sql)
        #expect(numbered.text == """
            SELECT $1, '?''?', "a?""b", E'\\'?', $$ ? $$, $q$ ?$x$ $q$, a$b, -- ?
            /* ? /* ? */ ? */ $2, x::text||$3
            """)
        #expect(numbered.parameterCount == 3)
        #expect(NumberedSQL("SELECT 1").text == "SELECT 1")
        #expect(NumberedSQL("SELECT 'unterminated ?").parameterCount == 0)
    }

    @Test func transactionControlIsRefusedWhereverItHides() {
        let refused = ["BEGIN", "  -- note\n commit", "/* x */ Rollback", "END", "abort", "START TRANSACTION", "PREPARE TRANSACTION 'x'",
                       "SAVEPOINT webchat_store_job", "release savepoint WEBCHAT_STORE_JOB", "RELEASE \"webchat_store_job\"",
                       "ROLLBACK TO SAVEPOINT webchat_store_job", "ROLLBACK AND CHAIN", "SELECT 1; COMMIT", "COMMIT PREPARED 'x'"]
        for sql in refused {
            #expect(throws: PostgresError.self, "\(sql)") { try NumberedSQL(sql).refuseTransactionControl() }
        }
        let allowed = ["SAVEPOINT mine", "ROLLBACK TO mine", "ROLLBACK TO SAVEPOINT mine", "RELEASE SAVEPOINT mine", "SELECT 'BEGIN'",
                       "-- COMMIT\nSELECT 1", "PREPARE q AS SELECT 1", "DO $$ BEGIN PERFORM 1; END $$", "SELECT 1; SELECT 2",
                       "SAVEPOINT \"WEBCHAT_STORE_JOB\""]
        for sql in allowed {
            #expect(throws: Never.self, "\(sql)") { try NumberedSQL(sql).refuseTransactionControl() }
        }
    }
}
