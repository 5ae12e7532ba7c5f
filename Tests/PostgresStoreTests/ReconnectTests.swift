import Postgres
import PostgresStore
import PostgresTestSupport
import Store
import Testing
import TestSupport

/// A session the server ends is replaced; work fails `.unavailable` at worst, never silently.
@Suite struct ReconnectTests {
    @Test func writesAndReadsCarryOnAfterTheirSessionsAreTerminated() async throws {
        try await withAsyncTestDatabase { target in
            try await withStore(target, readerCount: 1) { store in
                let writer = try await store.write { database in try database.queryOne("SELECT pg_backend_pid()") { $0.int(0) } }
                let reader = try await store.read { database in try database.queryOne("SELECT pg_backend_pid()") { $0.int(0) } }
                try await onThread {
                    let administrator = try PostgresConnection(target: target)
                    for pid in [writer, reader] {
                        try administrator.execute("SELECT pg_terminate_backend($1::integer)", [.integer(try #require(pid ?? nil))])
                    }
                }
                for attempt in ["write", "read"] {
                    do {
                        if attempt == "write" {
                            try await store.write { database in try database.run("INSERT INTO items (name) VALUES (?)", ["after"]) }
                        } else {
                            _ = try await store.read { database in try database.queryOne("SELECT 1") { $0.int(0) } }
                        }
                    } catch StoreError.unavailable {
                        // Allowed: the session was found dead by this very work.
                    }
                }
                try await waitUntil("a write succeeds again") {
                    do {
                        try await store.write { database in try database.run("INSERT INTO items (name) VALUES (?)", ["later"]) }
                        return true
                    } catch StoreError.unavailable {
                        return false
                    }
                }
                let newWriter = try await store.write { database in try database.queryOne("SELECT pg_backend_pid()") { $0.int(0) } }
                #expect(newWriter != writer)
                let names = try await store.read { database in try database.queryAll("SELECT name FROM items WHERE name = 'later'") { $0.string(0) } }
                #expect(names == ["later"])
                #expect(store.isAvailable)
            }
        }
    }
}
