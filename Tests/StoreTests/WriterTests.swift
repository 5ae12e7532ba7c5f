import Synchronization
import CSQLite
import Testing
import TestSupport
@testable import SQLiteStore
import Store

@Suite struct WriterTests {
    @Test func writesReturnTheirResults() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let first = try await store.write { try insertItem("first", into: $0) }
                let second = try await store.write { try insertItem("second", into: $0) }
                let names = try await store.write { try itemNames(in: $0) }
                #expect(first == 1)
                #expect(second == 2)
                #expect(names == ["first", "second"])
            }
        }
    }

    @Test func aFailingWriteIsRolledBackAloneWithinItsBatch() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let outcomes = Outcomes<Int64>(count: 200)
                try await holdingWriter(of: store) {
                    for index in 0..<200 {
                        store.submitWrite({ database in
                            let id = try insertItem("item \(index)", into: database)
                            // Fails after changing the database: its insert must be undone.
                            if index % 10 == 0 { throw TestFailure(index: index) }
                            return id
                        }, completion: { outcomes.record(index, $0) })
                    }
                }
                let results = await outcomes.all()
                for (index, result) in results.enumerated() {
                    if index % 10 == 0 {
                        #expect(result.failure as? TestFailure == TestFailure(index: index))
                    } else {
                        #expect((try? result.get()) != nil)
                    }
                }
                let names = try await store.read { try itemNames(in: $0) }
                #expect(names == (0..<200).filter { $0 % 10 != 0 }.map { "item \($0)" })
                // The holding write, then all 200 in one transaction.
                #expect(store.statistics == StoreStatistics(commits: 2, committedWrites: 181, failedWrites: 20))
            }
        }
    }

    @Test func aWriteThatFailsBeforeChangingAnythingCostsTheOthersNothing() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let outcomes = Outcomes<Int64>(count: 50)
                let runs = Mutex(0)
                try await holdingWriter(of: store) {
                    for index in 0..<50 {
                        store.submitWrite({ database in
                            runs.withLock { $0 += 1 }
                            // Fails before writing, as a refused request does: nothing to undo.
                            if index % 5 == 0 { throw TestFailure(index: index) }
                            return try insertItem("item \(index)", into: database)
                        }, completion: { outcomes.record(index, $0) })
                    }
                }
                let results = await outcomes.all()
                #expect(results.enumerated().allSatisfy { index, result in (index % 5 == 0) == (result.failure != nil) })
                #expect(runs.withLock { $0 } == 50, "no write ran twice: the batch needed no savepoints")
                #expect(try await store.read { try itemNames(in: $0) }.count == 40)
                #expect(store.statistics == StoreStatistics(commits: 2, committedWrites: 41, failedWrites: 10), "the holding write, then one batch")
            }
        }
    }

    @Test(arguments: [(512, 3), (100, 11)])
    func waitingWritesAreCommittedTogether(maxBatch: Int, expectedCommits: Int) async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory, configure: { $0.maxBatch = maxBatch }) { store in
                let outcomes = Outcomes<Int64>(count: 1000)
                try await holdingWriter(of: store) {
                    for index in 0..<1000 {
                        store.submitWrite({ try insertItem("item \(index)", into: $0) }, completion: { outcomes.record(index, $0) })
                    }
                }
                let ids = await outcomes.all().compactMap { try? $0.get() }
                #expect(ids == (1...1000).map { Int64($0) })
                // One commit for the holding write, then 1000 writes in batches of at most maxBatch.
                #expect(store.statistics.commits == expectedCommits)
                #expect(store.statistics.committedWrites == 1001)
            }
        }
    }

    @Test func concurrentWritesShareCommits() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                try await withThrowingTaskGroup(of: Int64.self) { group in
                    for index in 0..<1000 {
                        group.addTask { try await store.write { try insertItem("item \(index)", into: $0) } }
                    }
                    try await group.waitForAll()
                }
                let count = try await store.read { try $0.queryOne("SELECT count(*) FROM items") { $0.int(0) } }
                #expect(count == 1000)
                #expect(store.statistics.committedWrites == 1000)
                // Typically a handful of commits; `waitingWritesAreCommittedTogether` pins the exact
                // number where the timing is controlled.
                #expect(store.statistics.commits < 1000)
            }
        }
    }

    @Test func aWriteIsVisibleToEveryReadStartedAfterItReturned() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<200 {
                        group.addTask {
                            let id = try await store.write { try insertItem("item \(index)", into: $0) }
                            return try await store.read { database in
                                try database.queryOne("SELECT name FROM items WHERE id = ?", [.integer(id)]) { $0.string(0) } == "item \(index)"
                            }
                        }
                    }
                    for try await visible in group { #expect(visible) }
                }
            }
        }
    }

    @Test func readersNeverSeeAWriteBeforeItsCommit() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let gate = Gate()
                let inserted = Beacon()
                let outcome = Outcomes<Bool>(count: 1)
                store.submitWrite({ database in
                    _ = try insertItem("pending", into: database)
                    inserted.fire()
                    return gate.pass()
                }, completion: { outcome.record(0, $0) })
                await inserted.wait()
                let duringWrite = try await store.read { try itemNames(in: $0) }
                gate.open()
                #expect(try await outcome.all().first?.get() == true)
                let afterCommit = try await store.read { try itemNames(in: $0) }
                #expect(duringWrite == [])
                #expect(afterCommit == ["pending"])
            }
        }
    }

    /// The observer is told after the batch's callers are answered (DeferredWakeups), so each
    /// check waits for it to catch up; what it must never do is see a row that is not committed,
    /// miss a commit, or hear of a batch that kept nothing.
    @Test func theCommitObserverHearsOfEveryCommitThatKeptAWrite() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let observed = Recorder<Int64>()
                // The observer reads the newest row: every write it hears of is already committed.
                let reader = try store.makeReadConnection(cacheKilobytes: 65536)
                let readerLock = Mutex(reader)
                store.observeCommits {
                    let newest = readerLock.withLock { try? $0.queryOne("SELECT max(id) FROM items") { $0.int(0) ?? 0 } } ?? nil
                    observed.append(newest ?? 0)
                }
                for index in 0..<20 {
                    do {
                        let id = try await store.write { database in
                            let id = try insertItem("item \(index)", into: database)
                            if index % 5 == 0 { throw TestFailure(index: index) }
                            return id
                        }
                        for _ in 0..<500 where observed.all.last != id { try await Task.sleep(for: .milliseconds(10)) }
                        #expect(observed.all.last == id)
                    } catch let failure as TestFailure {
                        #expect(failure.index % 5 == 0)
                    }
                }
                // A batch whose only write failed committed nothing, and nobody was told.
                #expect(observed.all.count == 16)
            }
        }
    }

    @Test func completionsOfABatchArriveInCommitOrderOnTheWriterThread() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let order = Recorder<Int>()
                let outcomes = Outcomes<Int64>(count: 100)
                try await holdingWriter(of: store) {
                    for index in 0..<100 {
                        store.submitWrite({ try insertItem("item \(index)", into: $0) }, completion: { result in
                            order.append(index)
                            outcomes.record(index, result)
                        })
                    }
                }
                _ = await outcomes.all()
                #expect(order.all == Array(0..<100))
            }
        }
    }

    @Test func aDeferredForeignKeyViolationFailsOnlyItsOwnWrite() async throws {
        let migrations = [Migration(version: 1, sql: """
            CREATE TABLE parents(id INTEGER PRIMARY KEY);
            CREATE TABLE children(id INTEGER PRIMARY KEY,
                parent INTEGER NOT NULL REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED);
            """)]
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory, migrations: migrations) { store in
                let jobs: [@Sendable (Database) throws -> Void] = [
                    { try $0.run("INSERT INTO parents(id) VALUES (1)") },
                    { try $0.run("INSERT INTO children(id, parent) VALUES (10, 99)") },
                    { database in
                        // Violated for a moment, resolved before the work ends: fine.
                        try database.run("INSERT INTO children(id, parent) VALUES (11, 2)")
                        try database.run("INSERT INTO parents(id) VALUES (2)")
                    },
                    { try $0.run("INSERT INTO children(id, parent) VALUES (12, 1)") },
                ]
                let outcomes = Outcomes<Void>(count: jobs.count)
                try await holdingWriter(of: store) {
                    for (index, job) in jobs.enumerated() {
                        store.submitWrite(job, completion: { outcomes.record(index, $0) })
                    }
                }
                let results = await outcomes.all()
                #expect(results[0].failure == nil)
                #expect((results[1].failure as? SQLiteError)?.isForeignKeyViolation == true)
                #expect(results[2].failure == nil)
                #expect(results[3].failure == nil)
                let children = try await store.read { try $0.queryAll("SELECT id FROM children ORDER BY id") { $0.int(0) ?? 0 } }
                #expect(children == [11, 12])
            }
        }
    }

    @Test func aWriteThatEndsTheTransactionTakesOnlyEarlierWritesWithIt() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                _ = try await store.write { try insertItem("taken", into: $0) }
                let jobs: [@Sendable (Database) throws -> Void] = [
                    { _ = try insertItem("before", into: $0) },
                    // An OR ROLLBACK conflict makes SQLite end the whole transaction.
                    { try $0.run("INSERT OR ROLLBACK INTO items(name) VALUES ('taken')") },
                    { _ = try insertItem("after", into: $0) },
                ]
                let outcomes = Outcomes<Void>(count: jobs.count)
                try await holdingWriter(of: store) {
                    for (index, job) in jobs.enumerated() {
                        store.submitWrite(job, completion: { outcomes.record(index, $0) })
                    }
                }
                let results = await outcomes.all()
                #expect(results[0].failure as? StoreError == .rolledBackWithBatch)
                #expect((results[1].failure as? SQLiteError)?.isUniqueViolation == true)
                #expect(results[2].failure == nil)
                let names = try await store.read { try itemNames(in: $0) }
                #expect(names == ["taken", "after"])
                #expect(store.statistics.failedWrites == 2)
            }
        }
    }

    @Test func aBatchThatCannotBeginFailsItsWritesWithTheReason() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { holder in
                try await withStore(in: directory, configure: { $0.busyTimeoutMs = 0 }) { blocked in
                    let outcomes = Outcomes<Int64>(count: 3)
                    // The holder's writer keeps the file's write lock while these are tried.
                    try await holdingWriter(of: holder) {
                        for index in 0..<3 {
                            blocked.submitWrite({ try insertItem("item \(index)", into: $0) }, completion: { outcomes.record(index, $0) })
                        }
                        for result in await outcomes.all() {
                            #expect((result.failure as? SQLiteError)?.isBusy == true)
                        }
                    }
                    #expect(blocked.statistics.failedWrites == 3)
                    #expect(blocked.statistics.commits == 0)
                    let id = try await blocked.write { try insertItem("once free", into: $0) }
                    #expect(id == 1)
                }
            }
        }
    }
}
