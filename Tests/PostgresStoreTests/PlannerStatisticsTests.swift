import Postgres
import PostgresStore
import PostgresTestSupport
import Store
import Testing
import TestSupport

/// `refreshPlannerStatistics` analyses the store's own tables only, beside the writer: the
/// catalogs all databases share are not its to sample (a CI run of many test databases queued
/// every server start behind the others' analyses until statements timed out), and sends must
/// not wait for it.
@Suite struct PlannerStatisticsTests {
    @Test func analysesTheSchemasTablesWithoutTheSharedCatalogsOrTheWriter() async throws {
        try await withAsyncTestDatabase { target in
            let configuration = PostgresStoreConfiguration(target: target, readerCount: 1, statementTimeoutMilliseconds: 10_000)
            let store = try await onThread { try PostgresStore(configuration, migrations: testMigrations) }
            try await store.closing(after: { store in
                try await store.write { database in try database.run("INSERT INTO items (name) VALUES ('a'), ('b')", []) }
                // Another session holds what a bare ANALYZE would need, a shared catalog's
                // analysis lock, and the lock on `items` that an analysis of `items` waits for,
                // until the test opens the gate.
                let stage = Counter(), gate = Gate()
                defer { gate.release() }  // a failing test must not leave the holder waiting
                async let held: Void = onThread {
                    let holder = try PostgresConnection(target: target)
                    try holder.execute("BEGIN")
                    try holder.execute("LOCK TABLE pg_catalog.pg_database IN SHARE UPDATE EXCLUSIVE MODE")
                    try holder.execute("LOCK TABLE items IN SHARE UPDATE EXCLUSIVE MODE")
                    stage.increment()
                    gate.wait()
                    try holder.execute("COMMIT")
                }
                try await waitUntil("the other session holds its locks") { stage.current == 1 }
                async let refreshed: Void = store.refreshPlannerStatistics()
                try await waitUntil("the analysis waits for the lock on items") {
                    try await store.read { database in
                        try database.queryOne("""
                            SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                            WHERE NOT l.granted AND a.query LIKE 'ANALYZE%'
                            """) { $0.int(0) } == 1
                    }
                }
                // The writer is free meanwhile.
                try await store.write { database in try database.run("INSERT INTO items (name) VALUES ('c')", []) }
                gate.release()
                try await held
                try await refreshed
                let analysed = try await store.read { database in
                    try database.queryAll("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL ORDER BY relname") {
                        $0.string(0) ?? ""
                    }
                }
                #expect(analysed == ["items", "log", "log_counters", "schema_version"])
            })
        }
    }
}
