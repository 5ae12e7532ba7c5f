import Glibc
import Testing
import TestSupport
@testable import SQLiteStore
import Store

@Suite struct LifecycleTests {
    @Test func workAfterCloseIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let store = try SQLiteStore(StoreConfiguration(directory: directory), migrations: itemsMigrations)
            await store.close()
            await #expect(throws: StoreError.closed) {
                try await store.write { try insertItem("late", into: $0) }
            }
            await #expect(throws: StoreError.closed) {
                try await store.read { try itemNames(in: $0) }
            }
            let outcome = Outcomes<Int64>(count: 1)
            store.submitWrite({ try insertItem("late", into: $0) }, completion: { outcome.record(0, $0) })
            #expect(await outcome.all().first?.failure as? StoreError == .closed)
            // Closing again waits for the same, finished, end.
            await store.close()
        }
    }

    @Test func closeFinishesTheWritesAlreadyQueued() async throws {
        try await withTemporaryDirectory { directory in
            let store = try SQLiteStore(StoreConfiguration(directory: directory), migrations: itemsMigrations)
            let outcomes = Outcomes<Int64>(count: 50)
            let refused = Outcomes<Int64>(count: 1)
            try await holdingWriter(of: store) {
                for index in 0..<50 {
                    store.submitWrite({ try insertItem("item \(index)", into: $0) }, completion: { outcomes.record(index, $0) })
                }
                // Closing begins while all 50 wait behind the held writer.
                store.beginClosing()
                store.submitWrite({ try insertItem("refused", into: $0) }, completion: { refused.record(0, $0) })
            }
            await store.close()
            let results = await outcomes.all()
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            #expect(await refused.all().first?.failure as? StoreError == .closed)

            try await withStore(in: directory) { reopened in
                let names = try await reopened.read { try itemNames(in: $0) }
                #expect(names == (0..<50).map { "item \($0)" })
            }
        }
    }

    @Test func dataSurvivesCloseAndReopen() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                for name in ["one", "two", "three"] {
                    _ = try await store.write { try insertItem(name, into: $0) }
                }
            }
            try await withStore(in: directory) { store in
                #expect(store.schemaVersion == 1)
                let names = try await store.read { try itemNames(in: $0) }
                #expect(names == ["one", "two", "three"])
            }
        }
    }

    @Test func closeCheckpointsTheLogIntoTheDatabaseFile() async throws {
        try await withTemporaryDirectory { directory in
            let log = directory + "/webchat.sqlite3-wal"
            // A second store keeps the file open, so SQLite's own last-close cleanup cannot be
            // what empties the log.
            try await withStore(in: directory) { observer in
                let store = try SQLiteStore(StoreConfiguration(directory: directory), migrations: itemsMigrations)
                for index in 0..<100 {
                    _ = try await store.write { try insertItem("item \(index)", into: $0) }
                }
                #expect(fileSize(log) ?? 0 > 0)
                await store.close()
                #expect(fileSize(log) == 0)
                let count = try await observer.read { try $0.queryOne("SELECT count(*) FROM items") { $0.int(0) } }
                #expect(count == 100)
            }
        }
    }

    @Test func droppingAStoreWithoutClosingItLosesNothing() async throws {
        try await withTemporaryDirectory { directory in
            var store: Store? = try SQLiteStore(StoreConfiguration(directory: directory), migrations: itemsMigrations)
            let id = try await store?.write { try insertItem("kept", into: $0) }
            #expect(id == 1)
            store = nil
            try await withStore(in: directory) { reopened in
                let names = try await reopened.read { try itemNames(in: $0) }
                #expect(names == ["kept"])
            }
        }
    }
}
