import Glibc
import Testing
import TestSupport
@testable import SQLiteStore
import Store

/// The log's frames reach the file in batches (BatchedLogWrites); these transactions make SQLite
/// write frames that are not a commit's last — spilled from a small cache, more than the batch
/// holds, rolled back, overwritten — and check what readers and a reopened file see.
@Suite struct BatchedLogWritesTests {
    private static let rowBytes = 4_000

    /// Inserts `count` rows of `rowBytes` bytes each with a page cache of 50 pages, so that the
    /// transaction spills dirty pages into the log long before it commits.
    @Sendable private static func insertSpilling(_ count: Int, prefix: String, into database: Database) throws {
        try database.execute("PRAGMA cache_size = 50")
        let blob = [UInt8](repeating: 1, count: rowBytes)
        for index in 0..<count {
            try database.run("INSERT INTO items(name, value) VALUES (?, ?)", [.text("\(prefix) \(index)"), .blob(blob)])
        }
    }

    @Sendable private static func totals(_ database: Database) throws -> [Int64] {
        try database.queryOne("SELECT count(*), coalesce(sum(length(value)), 0) FROM items") { [$0.int(0) ?? -1, $0.int(1) ?? -1] } ?? []
    }

    /// The commit after a stall can be megabytes; what it used above a normal batch must not stay
    /// resident (a soak's heap stepped up after every stall while the buffer kept its capacity).
    @Test func aLargeWriteOutGivesItsPagesAboveANormalBatchBack() throws {
        let buffer = try #require(BatchedLogWrites.Buffer())
        let frame = [UInt8](repeating: 7, count: 64 << 10)
        for _ in 0..<48 { frame.withUnsafeBytes { buffer.append($0) } }
        let base = UnsafeMutableRawPointer(mutating: try #require(buffer.bytes.baseAddress))
        let kept = BatchedLogWrites.Buffer.kept
        #expect(residentBytes(base, 3 << 20) == 3 << 20)
        buffer.reset()
        #expect(buffer.isEmpty)
        #expect(residentBytes(base, kept) == kept, "a normal batch's pages stay for the next commit")
        #expect(residentBytes(base + kept, (3 << 20) - kept) == 0)
    }

    @Test func aTransactionLargerThanTheCacheAndTheBatchIsCommittedWhole() async throws {
        try await withTemporaryDirectory { directory in
            let rows = 3_000  // 12 MB: over the 8 MiB the log holds at once
            try await withStore(in: directory) { store async throws in
                try await store.write { try Self.insertSpilling(rows, prefix: "big", into: $0) }
                #expect(try await store.read({ try Self.totals($0) }) == [Int64(rows), Int64(rows * Self.rowBytes)])
            }
            try await withStore(in: directory) { store async throws in
                #expect(try await store.read({ try Self.totals($0) }) == [Int64(rows), Int64(rows * Self.rowBytes)])
            }
        }
    }

    @Test func aSpilledTransactionThatFailsLeavesNothingAndTheNextCommitIsWhole() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store async throws in
                await #expect(throws: TestFailure(index: 1)) {
                    try await store.write { database in
                        try Self.insertSpilling(2_000, prefix: "doomed", into: database)
                        throw TestFailure(index: 1)
                    }
                }
                // The next frames overwrite the log where the dropped ones were.
                try await store.write { try Self.insertSpilling(10, prefix: "kept", into: $0) }
                #expect(try await store.read({ try Self.totals($0) }) == [10, Int64(10 * Self.rowBytes)])
            }
            try await withStore(in: directory) { store async throws in
                #expect(try await store.read({ try Self.totals($0) }) == [10, Int64(10 * Self.rowBytes)])
                #expect(try await store.read({ try itemNames(in: $0) }).allSatisfy { $0.hasPrefix("kept") })
            }
        }
    }

    /// Every snapshot a reader takes holds whole commits only, while commits of hundreds of
    /// frames follow each other.
    @Test func readersSeeWholeCommitsOnly() async throws {
        try await withTemporaryDirectory { directory in
            let commits = 30
            let rowsPerCommit = 200
            try await withStore(in: directory, configure: { $0.checkpointFrames = 500 }) { store in
                let snapshots = Recorder<[Int64]>()
                let finished = Recorder<Bool>()
                let writing = Task {
                    defer { finished.append(true) }
                    for commit in 0..<commits {
                        try await store.write { try Self.insertSpilling(rowsPerCommit, prefix: "c\(commit)", into: $0) }
                    }
                }
                while finished.all.isEmpty {
                    snapshots.append(try await store.read({ try Self.totals($0) }))
                }
                try await writing.value
                #expect(snapshots.all.count > 1)
                for totals in snapshots.all {
                    #expect(totals[0] % Int64(rowsPerCommit) == 0 && totals[1] == totals[0] * Int64(Self.rowBytes), "\(totals)")
                }
                #expect(try await store.read({ try Self.totals($0) })[0] == Int64(commits * rowsPerCommit))
            }
        }
    }
}

/// How many bytes of `[start, start + length)` (page-aligned) are resident, by `mincore`.
private func residentBytes(_ start: UnsafeMutableRawPointer, _ length: Int) -> Int {
    let pageSize = BatchedLogWrites.Buffer.pageSize
    var pages = [UInt8](repeating: 0, count: (length + pageSize - 1) / pageSize)
    guard mincore(start, length, &pages) == 0 else { return -1 }
    return pages.filter { $0 & 1 != 0 }.count * pageSize
}
