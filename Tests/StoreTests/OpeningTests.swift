import CSQLite
import Glibc
import Testing
import TestSupport
@testable import SQLiteStore
import Store

@Suite struct OpeningTests {
    @Test func theDatabaseIsInWriteAheadLogMode() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let writerMode = try await store.write { try $0.queryOne("PRAGMA journal_mode") { $0.string(0) } }
                let readerMode = try await store.read { try $0.queryOne("PRAGMA journal_mode") { $0.string(0) } }
                #expect(writerMode == "wal")
                #expect(readerMode == "wal")
            }
        }
    }

    @Test(arguments: [(Durability.normal, Int64(1)), (Durability.full, Int64(2))])
    func durabilitySetsSynchronous(durability: Durability, expected: Int64) async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory, configure: { $0.durability = durability }) { store in
                let writer = try await store.write { try $0.queryOne("PRAGMA synchronous") { $0.int(0) } }
                let reader = try await store.read { try $0.queryOne("PRAGMA synchronous") { $0.int(0) } }
                #expect(writer == expected)
                #expect(reader == expected)
            }
        }
    }

    @Test func foreignKeysAreEnforced() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let writer = try await store.write { try $0.queryOne("PRAGMA foreign_keys") { $0.int(0) } }
                let reader = try await store.read { try $0.queryOne("PRAGMA foreign_keys") { $0.int(0) } }
                #expect(writer == 1)
                #expect(reader == 1)
            }
        }
    }

    @Test func createsAPrivateDirectoryWithParentsAndAPrivateFile() async throws {
        try await withTemporaryDirectory { root in
            let directory = root + "/a/b/data"
            try await withStore(in: directory) { _ in }
            for path in [root + "/a", root + "/a/b", directory] {
                #expect(mode(of: path) == 0o700)
            }
            #expect(mode(of: directory + "/webchat.sqlite3") == 0o600)
        }
    }

    @Test func aFileInPlaceOfTheDirectoryIsAClearError() async throws {
        try await withTemporaryDirectory { root in
            let blocker = root + "/data"
            close(open(blocker, O_CREAT | O_WRONLY, 0o600))
            #expect(throws: StoreError.directoryUnavailable(path: blocker, errno: ENOTDIR)) {
                _ = try SQLiteStore(StoreConfiguration(directory: blocker + "/inner"), migrations: [])
            }
        }
    }

    @Test func aFileThatIsNotADatabaseIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/webchat.sqlite3"
            let descriptor = open(path, O_CREAT | O_WRONLY, 0o600)
            let garbage = [UInt8](repeating: 0x41, count: 4096)
            _ = garbage.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
            let error = #expect(throws: SQLiteError.self) {
                _ = try SQLiteStore(StoreConfiguration(directory: directory), migrations: itemsMigrations)
            }
            #expect(error?.primaryCode == SQLITE_NOTADB)
        }
    }

    @Test(arguments: [
        { (configuration: inout StoreConfiguration) in configuration.readerCount = 0 },
        { (configuration: inout StoreConfiguration) in configuration.maxBatch = 0 },
        { (configuration: inout StoreConfiguration) in configuration.busyTimeoutMs = -1 },
        { (configuration: inout StoreConfiguration) in configuration.busyTimeoutMs = Int(Int32.max) + 1 },
        { (configuration: inout StoreConfiguration) in configuration.statementCacheCapacity = 0 },
        { (configuration: inout StoreConfiguration) in configuration.fileName = "../escape.sqlite3" },
        { (configuration: inout StoreConfiguration) in configuration.fileName = "" },
        { (configuration: inout StoreConfiguration) in configuration.directory = "" },
    ] as [@Sendable (inout StoreConfiguration) -> Void])
    func invalidConfigurationIsRejected(change: @Sendable (inout StoreConfiguration) -> Void) async throws {
        try await withTemporaryDirectory { directory in
            var configuration = StoreConfiguration(directory: directory)
            change(&configuration)
            let error = #expect(throws: StoreError.self) {
                _ = try SQLiteStore(configuration, migrations: [])
            }
            guard case .invalidConfiguration = error else {
                Issue.record("expected invalidConfiguration, got \(String(describing: error))")
                return
            }
        }
    }

    private func mode(of path: String) -> mode_t? {
        var information = stat()
        guard stat(path, &information) == 0 else { return nil }
        return information.st_mode & 0o777
    }
}
