import Testing
import TestSupport
@testable import SQLiteStore
import Store

/// Which connections map the database file: pages read through a map stay in the process's
/// resident memory, so only the readers that walk large indexes for queries use one.
@Suite struct MemoryMapTests {
    @Test func queryReadersMapTheFileAndTheWriterAndTheHubsConnectionDoNot() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let mapSize = "PRAGMA mmap_size"
                let reader = try await store.read { try $0.queryOne(mapSize) { $0.int(0) } }
                let writer = try await store.write { try $0.queryOne(mapSize) { $0.int(0) } }
                let ownConnection = try store.makeReadConnection(cacheKilobytes: 1024)
                let own = try ownConnection.queryOne(mapSize) { $0.int(0) }
                #expect(reader == 1 << 30)
                #expect(writer == 0)
                #expect(own == 0)
            }
        }
    }
}
