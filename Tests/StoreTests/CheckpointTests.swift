import Glibc
import Testing
import TestSupport
import Threads
@testable import SQLiteStore
import Store

@Suite struct CheckpointTests {
    /// The checkpoint runs beside the writer, and the writer copies each pass's tail, so under
    /// writes that never pause the log still starts over instead of growing with every commit.
    @Test func theLogStaysSmallUnderWritesThatNeverPause() async throws {
        try await withTemporaryDirectory { directory in
            let commits = 3_000
            let blob = [UInt8](repeating: 7, count: 3_000)
            let wal = directory + "/webchat.sqlite3-wal"
            let database = directory + "/webchat.sqlite3"
            try await withStore(in: directory, configure: { $0.checkpointFrames = 50 }) { store in
                for index in 0..<commits {
                    _ = try await store.write { database in
                        try database.run("INSERT INTO items(name, value) VALUES (?, ?)", [.text("item \(index)"), .blob(blob)])
                    }
                }
                // Every commit writes at least two pages (a row of 3 KB and the name index): over
                // 6,000 frames, 24 MB, had the log never started over. How far it grows while one
                // pass runs depends on how long the disk takes to sync (4.3 MB seen on a busy
                // machine), so the bound is half of never starting over, not a tight figure.
                #expect(fileSize(wal) ?? 0 < 12_000_000, "log of \(fileSize(wal) ?? 0) bytes")
                #expect(fileSize(database) ?? 0 > commits * blob.count, "the rows were copied into the database file")
                #expect(store.statistics.committedWrites == commits)
            }
            try await withStore(in: directory) { store in
                let count = try await store.read { database in
                    try database.queryOne("SELECT count(*) FROM items") { $0.int(0) ?? 0 }
                }
                #expect(count == Int64(commits))
            }
        }
    }

    @Test func aThresholdBelowOneFrameIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            var configuration = StoreConfiguration(directory: directory)
            configuration.checkpointFrames = 0
            #expect(throws: StoreError.invalidConfiguration("checkpointFrames must be at least 1")) {
                _ = try SQLiteStore(configuration, migrations: itemsMigrations)
            }
        }
    }
}

/// Every transition of the checkpoint cycle (`Checkpointer.Phase`), driven by hand.
@Suite struct CheckpointCycleTests {
    private static func waitFor(_ phase: Checkpointer.Phase, of checkpointer: Checkpointer) -> Bool {
        for _ in 0..<3_000 {
            if checkpointer.phase == phase { return true }
            usleep(1_000)
        }
        return false
    }

    @Test func aCycleIsAskedForCopiedWaitsForTheWritersTailAndStartsOver() async throws {
        try await withTemporaryDirectory { directory in
            let checkpointer = Checkpointer(thresholdFrames: 10)
            let database = try SQLiteDatabase(path: directory + "/cycle.sqlite3", access: .readWrite,
                                        configuration: StoreConfiguration(directory: directory), vfs: BatchedLogWrites.vfsName)
            checkpointer.logGrew(toFrames: 9)
            #expect(checkpointer.phase == .idle, "below the threshold nothing is asked")
            #expect(checkpointer.takeFinishedPass() == false)
            checkpointer.logGrew(toFrames: 10)
            #expect(checkpointer.phase == .requested)
            let thread = try PlatformThread(name: "test-checkpoint") { checkpointer.run(on: database) }
            #expect(Self.waitFor(.tailPending, of: checkpointer), "the thread copied and now waits for the writer")
            checkpointer.logGrew(toFrames: 500)
            #expect(checkpointer.phase == .tailPending, "no new cycle before the writer copied the tail")
            #expect(checkpointer.takeFinishedPass() == true)
            #expect(checkpointer.phase == .idle)
            #expect(checkpointer.takeFinishedPass() == false, "one tail per pass")
            checkpointer.logGrew(toFrames: 10)
            #expect(Self.waitFor(.tailPending, of: checkpointer), "a new cycle runs")
            checkpointer.close()
            thread.join()
        }
    }

    @Test func closingEndsAThreadThatWaits() async throws {
        try await withTemporaryDirectory { directory in
            let checkpointer = Checkpointer(thresholdFrames: 10)
            let database = try SQLiteDatabase(path: directory + "/idle.sqlite3", access: .readWrite,
                                        configuration: StoreConfiguration(directory: directory), vfs: BatchedLogWrites.vfsName)
            let thread = try PlatformThread(name: "test-checkpoint") { checkpointer.run(on: database) }
            checkpointer.close()
            thread.join()
            #expect(checkpointer.phase == .idle)
        }
    }
}
