import Postgres
import PostgresStore
import PostgresTestSupport
import Store
import Testing

/// A batch runs without a savepoint per job; a job that fails having changed rows makes it run
/// again with one per job, and a job that only read before it refused does not.
@Suite struct BatchIsolationTests {
    /// Runs `jobs` as one batch (the writer held at a gate while they queue) and returns each
    /// job's outcome and how many times each ran.
    private func runTogether(_ store: PostgresStore, _ jobs: [@Sendable (any Database) throws -> Void])
        async throws -> (outcomes: [Int: Result<Void, any Error>], runs: [Int]) {
        let gate = Gate()
        let queued = Counter()
        let runs = jobs.map { _ in Counter() }
        let outcomes = try await withThrowingTaskGroup(of: (Int, Result<Void, any Error>).self) { group in
            group.addTask { (-1, await store.write(counting: queued) { _ in gate.wait() }) }
            try await waitUntil("the writer waits at the gate") { gate.isReached }
            for (index, job) in jobs.enumerated() {
                let run = runs[index]
                group.addTask {
                    (index, await store.write(counting: queued) { database in
                        run.increment()
                        try job(database)
                    })
                }
            }
            try await waitUntil("every write is queued") { queued.current == jobs.count + 1 }
            gate.release()
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        return (outcomes, runs.map(\.current))
    }

    private static func insert(_ name: String) -> @Sendable (any Database) throws -> Void {
        { database in try database.run("INSERT INTO items (name) VALUES (?)", [.text(name)]) }
    }

    private func names(in store: PostgresStore) async throws -> Set<String> {
        Set(try await store.read { database in try database.queryAll("SELECT name FROM items") { $0.string(0) ?? "" } })
    }

    @Test func aJobThatRefusesAfterOnlyReadingFailsAloneWithoutARerun() async throws {
        try await withAsyncTestDatabase { target in
            try await withStore(target) { store in
                let (outcomes, runs) = try await runTogether(store, [
                    Self.insert("a"),
                    { database in
                        _ = try database.queryOne("SELECT id FROM items WHERE name = 'a' FOR UPDATE", []) { $0.int(0) }
                        throw Refused()
                    },
                    Self.insert("c"),
                ])
                #expect(throws: Refused.self) { try outcomes[1]?.get() }
                #expect(runs == [1, 1, 1], "nothing to undo, so nothing ran twice")
                #expect(try await names(in: store) == ["a", "c"])
            }
        }
    }

    @Test func aJobThatFailsAfterWritingMakesTheBatchRunAgainWithSavepoints() async throws {
        try await withAsyncTestDatabase { target in
            try await withStore(target) { store in
                let (outcomes, runs) = try await runTogether(store, [
                    Self.insert("a"),
                    { database in
                        try database.run("INSERT INTO items (name) VALUES ('b')", [])
                        try database.append(LogAppend(table: "log", columns: ["body"], values: [.text("b")]))
                        throw Refused()
                    },
                    // A statement's error fails the transaction: rolled back alone too.
                    { database in try database.run("INSERT INTO items (name) VALUES ('a')", []) },
                    Self.insert("d"),
                ])
                #expect(throws: Refused.self) { try outcomes[1]?.get() }
                if case .failure(let error)? = outcomes[2] {
                    #expect((error as? PostgresError)?.isUniqueViolation == true)
                } else {
                    Issue.record("the duplicate insert ended as \(String(describing: outcomes[2]))")
                }
                #expect(runs == [2, 2, 1, 1], "the batch ran again from the start once, with a savepoint per job")
                #expect(try await names(in: store) == ["a", "d"])
                let bodies = try await store.read { database in try database.queryAll("SELECT body FROM log") { $0.string(0) ?? "" } }
                #expect(bodies.isEmpty, "the failed job's log row went with it")
                #expect(store.statistics.failedWrites == 2)
            }
        }
    }
}
