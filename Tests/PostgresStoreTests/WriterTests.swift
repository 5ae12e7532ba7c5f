import Postgres
import PostgresStore
import PostgresTestSupport
import Store
import Testing

/// Group commit: one transaction for the writes waiting together, each failing alone.
@Suite struct WriterTests {
    /// The first write holds the writer at a gate while the others queue, so they commit together;
    /// the ones that fail (by throwing, or by catching a failed statement) take only their own
    /// changes and log rows with them.
    @Test func waitingWritesCommitTogetherAndAFailingOneIsRolledBackAlone() async throws {
        try await withAsyncTestDatabase { target in
            try await withStore(target) { store in
                let gate = Gate()
                let queued = Counter()
                let outcomes = try await withThrowingTaskGroup(of: (Int, Result<Int64, any Error>).self) { group in
                    group.addTask {
                        (0, await store.write(counting: queued) { _ in gate.wait(); return Int64(0) })
                    }
                    try await waitUntil("the writer waits at the gate") { gate.isReached }
                    for index in 1...30 {
                        group.addTask {
                            (index, await store.write(counting: queued) { database in
                                    try database.run("INSERT INTO items (name) VALUES (?)", [.text("item \(index)")])
                                    try database.append(LogAppend(table: "log", columns: ["body"], values: [.text("item \(index)")]))
                                    if index % 10 == 3 { throw Refused() }
                                    if index % 10 == 7 {
                                        do {
                                            try database.run("INSERT INTO items (name) VALUES (?)", [.text("item 1")])
                                        } catch {
                                            // Caught on purpose: the transaction is failed all the same.
                                            #expect((error as? PostgresError)?.isUniqueViolation == true)
                                        }
                                    }
                                    return Int64(index)
                            })
                        }
                    }
                    try await waitUntil("every write is queued") { queued.current == 31 }
                    gate.release()
                    return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
                }
                for index in 1...30 {
                    switch (index % 10, outcomes[index]) {
                    case (3, .failure(let error)?): #expect(error is Refused)
                    case (7, .failure(let error)?): #expect((error as? PostgresError)?.sqlState == "25P02")
                    case (_, .success(let value)?): #expect(value == Int64(index))
                    default: Issue.record("write \(index) ended as \(String(describing: outcomes[index]))")
                    }
                }
                let (names, bodies, ids) = try await store.read { database in
                    (try database.queryAll("SELECT name FROM items ORDER BY id") { $0.string(0) ?? "" },
                     try database.queryAll("SELECT body FROM log ORDER BY id") { $0.string(0) ?? "" },
                     try database.logIDs())
                }
                let kept = (1...30).filter { $0 % 10 != 3 && $0 % 10 != 7 }.map { "item \($0)" }
                #expect(Set(names) == Set(kept))
                #expect(Set(bodies) == Set(kept), "a failed write's log rows are dropped with it")
                #expect(ids == Array(1...Int64(kept.count)), "ids are contiguous: dropped rows never took one")
                let statistics = store.statistics
                #expect(statistics.committedWrites == kept.count + 1)
                #expect(statistics.failedWrites == 6)
                #expect(statistics.commits <= 3, "the queued writes share commits (\(statistics.commits))")
            }
        }
    }

    @Test func logIDsFollowTheAppendOrder() async throws {
        try await withAsyncTestDatabase { target in
            try await withStore(target) { store in
                for batch in [["a", "b", "c"], ["d", "e"]] {
                    try await store.write { database in
                        for body in batch { try database.append(LogAppend(table: "log", columns: ["body"], values: [.text(body)])) }
                    }
                }
                let rows = try await store.read { database in
                    try database.queryAll("SELECT id, body FROM log ORDER BY id") { "\($0.int(0) ?? 0)\($0.string(1) ?? "")" }
                }
                #expect(rows == ["1a", "2b", "3c", "4d", "5e"])
            }
        }
    }

    @Test func workMayNotControlTheStoresTransaction() async throws {
        try await withAsyncTestDatabase { target in
            try await withStore(target) { store in
                for sql in ["COMMIT", "ROLLBACK", "BEGIN", "SAVEPOINT webchat_store_job"] {
                    await #expect(throws: PostgresError.self, "\(sql)") { try await store.write { database in try database.run(sql) } }
                    await #expect(throws: PostgresError.self, "\(sql)") { try await store.write { database in try database.execute("SELECT 1; \(sql)") } }
                }
                // Savepoints of the work's own are fine.
                let count = try await store.write { database in
                    try database.run("SAVEPOINT mine")
                    try database.run("INSERT INTO items (name) VALUES (?)", ["undone"])
                    try database.run("ROLLBACK TO SAVEPOINT mine")
                    try database.run("RELEASE SAVEPOINT mine")
                    try database.run("INSERT INTO items (name) VALUES (?)", ["kept"])
                    return try database.queryOne("SELECT count(*) FROM items") { $0.int(0) }
                }
                #expect(count == 1)
                await #expect(throws: PostgresError.self, "a read appends nothing") {
                    try await store.read { database in try database.append(LogAppend(table: "log", columns: ["body"], values: ["x"])) }
                }
            }
        }
    }

    /// `close()` commits what it accepted before returning; afterwards work is refused.
    @Test func closeDrainsAcceptedWrites() async throws {
        try await withAsyncTestDatabase { target in
            let store = try await openStore(target)
            let answered = Counter()
            for index in 1...40 {
                store.submitWrite({ database in
                    try database.run("INSERT INTO items (name) VALUES (?)", [.text("item \(index)")])
                }, completion: { result in
                    if case .success = result { answered.increment() }
                })
            }
            await store.close()
            #expect(answered.current == 40)
            await #expect(throws: StoreError.closed) { try await store.write { _ in 1 } }
            let reopened = try await openStore(target)
            let count = try await reopened.closing { store in
                try await store.read { database in try database.queryOne("SELECT count(*) FROM items") { $0.int(0) } }
            }
            #expect(count == 40)
        }
    }
}
