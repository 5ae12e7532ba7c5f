import CSQLite
import Glibc
import Logging
import Testing
import TestSupport
@testable import SQLiteStore
import Store

/// The start-up check of how SQLite writes its log (`LogWritePatternProbe`), the pattern it
/// compares against (`LogWritePattern`), and the fallback to the default VFS when they differ.
@Suite struct LogWritePatternProbeTests {
    private static let pageSize = 4096

    private static func header(at offset: Int64, commit: Bool = false) -> LogWrite {
        LogWrite(offset: offset, count: 24, marksCommit: commit)
    }

    private static func page(at offset: Int64) -> LogWrite { LogWrite(offset: offset, count: pageSize, marksCommit: false) }

    private static let logHeader = LogWrite(offset: 0, count: 32, marksCommit: false)

    /// Two commits, of two frames and one: the shape SQLite 3.x writes.
    private static let expected: [LogWrite] = [
        logHeader, header(at: 32), page(at: 56), header(at: 4152, commit: true), page(at: 4176),
        header(at: 8272, commit: true), page(at: 8296),
    ]

    /// A warning logger whose lines the test reads.
    private static func capturingLogger() -> (Logger, Recorder<String>) {
        let lines = Recorder<String>()
        return (Logger(level: .warning, output: { lines.append($0) }), lines)
    }

    private static var defaultVFSName: String? { sqlite3_vfs_find(nil).map { String(cString: $0.pointee.zName) } }

    @Test func theExpectedShapePasses() {
        #expect(LogWritePattern.deviation(in: Self.expected, pageSize: Self.pageSize, commits: 2) == nil)
        let restarted = Self.expected + [Self.logHeader, Self.header(at: 32, commit: true), Self.page(at: 56)]
        #expect(LogWritePattern.deviation(in: restarted, pageSize: Self.pageSize, commits: 3) == nil,
                "a log that starts over writes its header at 0 again")
    }

    @Test(arguments: [
        ("a frame in one write", [logHeader, LogWrite(offset: 32, count: 4120, marksCommit: false)], 1),
        ("a 32-byte frame header", [logHeader, LogWrite(offset: 32, count: 32, marksCommit: true), page(at: 64)], 1),
        ("a page of another size", [logHeader, header(at: 32, commit: true), LogWrite(offset: 56, count: 1024, marksCommit: false)], 1),
        ("a gap before a frame", [logHeader, header(at: 40, commit: true), page(at: 64)], 1),
        ("no log header", [header(at: 32, commit: true), page(at: 56)], 1),
        ("a header without its page", [logHeader, header(at: 32, commit: true)], 1),
        ("no commit mark", [logHeader, header(at: 32), page(at: 56)], 1),
        ("fewer commit marks than commits", expected, 3),
        ("a trailing frame that is no commit", expected + [header(at: 12392), page(at: 12416)], 2),
    ])
    func aDifferentShapeIsNamed(_ label: String, writes: [LogWrite], commits: Int) {
        #expect(LogWritePattern.deviation(in: writes, pageSize: Self.pageSize, commits: commits) != nil, "\(label)")
    }

    /// Debian's libsqlite3 writes its log the way the batching expects, its batched log reads
    /// back, and the scratch database is gone afterwards.
    @Test func theProbePassesOnTheLinkedSQLiteAndCleansUp() async throws {
        try await withTemporaryDirectory { directory in
            let (logger, lines) = Self.capturingLogger()
            var configuration = StoreConfiguration(directory: directory)
            configuration.logger = logger
            let reason = LogWritePatternProbe.run(in: directory, configuration: configuration)
            #expect(reason == nil)
            #expect(lines.all.isEmpty)
            #expect(directoryEntries(directory).isEmpty, "\(directoryEntries(directory))")
        }
    }

    @Test func aStoreBatchesItsLogWritesWhenTheProbePasses() async throws {
        try await withTemporaryDirectory { directory in
            let (logger, lines) = Self.capturingLogger()
            let decision = LogBatchingDecision(probe: LogWritePatternProbe.run)
            try await withStore(in: directory, configure: { $0.logger = logger; $0.logBatching = decision }) { store async throws in
                _ = try await store.write { try insertItem("batched", into: $0) }
                #expect(try await store.write { $0.sqlite.vfsName } == BatchedLogWrites.vfsName)
                #expect(try await store.read { $0.sqlite.vfsName } == BatchedLogWrites.vfsName)
                #expect(try store.makeReadConnection(cacheKilobytes: 1024).sqlite.vfsName == BatchedLogWrites.vfsName)
            }
            #expect(lines.all.isEmpty)
            #expect(directoryEntries(directory).allSatisfy { $0.hasPrefix("webchat.sqlite3") }, "\(directoryEntries(directory))")
        }
    }

    /// A probe that reports SQLite writing whole frames in one call: every connection of every
    /// store opened with that decision uses the default VFS, one warning says so, and the store
    /// writes, reads and checkpoints as usual.
    @Test func aDifferentPatternFallsBackToTheDefaultVFSWithOneWarning() async throws {
        try await withTemporaryDirectory { directory in
            let (logger, lines) = Self.capturingLogger()
            let probes = Recorder<String>()
            let decision = LogBatchingDecision(probe: { directory, _ in
                probes.append(directory)
                return LogWritePattern.deviation(in: [Self.logHeader, LogWrite(offset: 32, count: 4120, marksCommit: false)],
                                                 pageSize: Self.pageSize, commits: 1)
            })
            let configure: (inout StoreConfiguration) -> Void = {
                $0.logger = logger
                $0.logBatching = decision
                $0.checkpointFrames = 20
            }
            let rows = 200
            let blob = [UInt8](repeating: 3, count: 3_000)
            try await withStore(in: directory, configure: configure) { store async throws in
                for index in 0..<rows {
                    try await store.write { try $0.run("INSERT INTO items(name, value) VALUES (?, ?)", [.text("item \(index)"), .blob(blob)]) }
                }
                #expect(try await store.write { $0.sqlite.vfsName } == Self.defaultVFSName)
                #expect(try await store.read { $0.sqlite.vfsName } == Self.defaultVFSName)
                #expect(try store.makeReadConnection(cacheKilobytes: 1024).sqlite.vfsName == Self.defaultVFSName)
                #expect(try await store.read { try $0.queryOne("SELECT count(*) FROM items") { $0.int(0) } } == Int64(rows))
            }
            #expect(fileSize(directory + "/webchat.sqlite3-wal") ?? 0 == 0, "the closing checkpoint emptied the log")
            #expect(fileSize(directory + "/webchat.sqlite3") ?? 0 > rows * blob.count, "the rows were copied into the database file")
            try await withStore(in: directory, configure: configure) { store async throws in
                #expect(try await store.write { $0.sqlite.vfsName } == Self.defaultVFSName)
                #expect(try await store.read { try $0.queryOne("SELECT count(*) FROM items") { $0.int(0) } } == Int64(rows))
            }
            #expect(probes.all == [directory], "one check for both stores")
            let warnings = lines.all.filter { $0.contains(" warning ") }
            #expect(warnings.count == 1, "\(lines.all)")
            #expect(warnings.first?.contains("sends will be slower") == true)
            #expect(warnings.first?.contains("4120 bytes at offset 32") == true, "the warning says why")
        }
    }
}

/// The names in `directory`, without `.` and `..`.
private func directoryEntries(_ directory: String) -> [String] {
    guard let stream = opendir(directory) else { return ["(unreadable)"] }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}
