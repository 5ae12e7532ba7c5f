import CSQLite
import Testing
import TestSupport
@testable import SQLiteStore
import Store

@Suite struct ReaderTests {
    @Test func readersRunConcurrently() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory, configure: { $0.readerCount = 2 }) { store in
                let firstArrived = Gate()
                let secondArrived = Gate()
                // Each read waits for the other: both succeed only if they run at the same time.
                async let first = store.read { _ in
                    firstArrived.open()
                    return secondArrived.pass()
                }
                async let second = store.read { _ in
                    secondArrived.open()
                    return firstArrived.pass()
                }
                let (firstMet, secondMet) = try await (first, second)
                #expect(firstMet)
                #expect(secondMet)
            }
        }
    }

    @Test func aLongReadDoesNotBlockWritesAndKeepsItsSnapshot() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let readStarted = Beacon()
                let writeDone = Gate()
                async let snapshot = store.read { database in
                    let before = try itemNames(in: database)
                    readStarted.fire()
                    let writeFinished = writeDone.pass()
                    return (before, try itemNames(in: database), writeFinished)
                }
                await readStarted.wait()
                _ = try await store.write { try insertItem("during the read", into: $0) }
                writeDone.open()
                let (before, after, writeFinishedDuringRead) = try await snapshot
                #expect(writeFinishedDuringRead)
                #expect(before == [])
                #expect(after == [])
                let now = try await store.read { try itemNames(in: $0) }
                #expect(now == ["during the read"])
            }
        }
    }

    @Test func readConnectionsCannotWrite() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let error = await #expect(throws: SQLiteError.self) {
                    try await store.read { try insertItem("sneaky", into: $0) }
                }
                #expect(error?.primaryCode == SQLITE_READONLY)
                let names = try await store.read { try itemNames(in: $0) }
                #expect(names.isEmpty)
            }
        }
    }

    @Test func aFailingReadReportsItsErrorAndTheReaderGoesOn() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory, configure: { $0.readerCount = 1 }) { store in
                await #expect(throws: TestFailure(index: 1)) {
                    try await store.read { _ in throw TestFailure(index: 1) }
                }
                let answer = try await store.read { try $0.queryOne("SELECT 40 + 2") { $0.int(0) } }
                #expect(answer == 42)
            }
        }
    }
}

@Suite struct PlannerStatisticsTests {
    @Test func refreshingWritesStatisticsForEveryIndex() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                _ = try await store.write { database in try insertItem("one", into: database) }
                try await store.refreshPlannerStatistics()
                let indexes = try await store.read { database in
                    try database.queryAll("SELECT idx FROM sqlite_stat1") { $0.string(0) ?? "" }
                }
                #expect(!indexes.isEmpty)
            }
        }
    }
}
