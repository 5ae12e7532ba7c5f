import Store
import Glibc
import Logging

/// Checks, on a scratch database, that the linked SQLite writes its log the way
/// `BatchedLogWrites` expects (`LogWritePattern`), and that what the batching wrote reads back.
///
/// The batching relies on how SQLite happens to write its log, not on anything SQLite promises;
/// a SQLite built or released differently could break it silently and show readers frames the
/// file does not hold yet. The probe costs a few milliseconds once per process
/// (`LogBatchingDecision`), so it runs against the SQLite actually linked rather than trusting
/// the version the batching was written against.
enum LogWritePatternProbe {
    /// Transactions after the table is created; each writes rows over several pages.
    private static let inserts = 3
    private static let rowBytes = 10_000

    /// Nil when the batching is safe with the linked SQLite; otherwise why not, for the warning.
    /// The scratch database lives in a fresh directory inside `directory` (the real file system
    /// and the default VFS's real log writes, as the store's own file) and is removed afterwards.
    static func run(in directory: String, configuration: StoreConfiguration) -> String? {
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast())
        template += Array("log-probe.XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else {
            return "no scratch directory for the check in \(directory) (errno \(errno))"
        }
        let scratch = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { removeScratch(scratch, logger: configuration.logger) }
        do {
            return try check(path: scratch + "/probe.sqlite3", copy: scratch + "/copy.sqlite3", configuration: configuration)
        } catch {
            return "the check failed to run: \(error)"
        }
    }

    /// Commits through the recorder (and under it the batching), compares the recorded writes
    /// with the expected pattern, then reads the rows back twice: from a second connection while
    /// the writer is open, and from a copy of the database and its log, which SQLite must recover
    /// from the log alone — every frame header, checksum and commit mark as written.
    private static func check(path: String, copy: String, configuration: StoreConfiguration) throws -> String? {
        guard let recorder = LogWriteRecorder(over: BatchedLogWrites.vfsName) else { return "the batching VFS is not registered" }
        return try withExtendedLifetime(recorder) { () throws -> String? in
            let writer = try SQLiteDatabase(path: path, access: .readWrite, configuration: configuration, vfs: recorder.name)
            defer { writer.close() }
            try writer.enableWriteAheadLog()
            try writer.execute("PRAGMA wal_autocheckpoint = 0; CREATE TABLE probe(id INTEGER PRIMARY KEY, value BLOB NOT NULL)")
            for index in 0..<inserts {
                try writer.run("INSERT INTO probe(value) VALUES (?)", [.blob([UInt8](repeating: UInt8(index + 1), count: rowBytes))])
            }
            let pageSize = Int(try writer.queryOne("PRAGMA page_size") { $0.int(0) ?? 0 } ?? 0)
            if let deviation = LogWritePattern.deviation(in: recorder.writes, pageSize: pageSize, commits: inserts + 1) {
                return deviation
            }
            let expected = [Int64(inserts), Int64(inserts * rowBytes)]
            let live = try totals(in: SQLiteDatabase(path: path, access: .readOnly, configuration: configuration, vfs: nil))
            guard live == expected else { return "a second connection read \(live) (rows, bytes), not \(expected)" }
            for suffix in ["", "-wal"] {
                if let failure = copyFile(path + suffix, to: copy + suffix) { return failure }
            }
            let recovered = try totals(in: SQLiteDatabase(path: copy, access: .readWrite, configuration: configuration, vfs: nil))
            guard recovered == expected else { return "the log recovered from a copy held \(recovered) (rows, bytes), not \(expected)" }
            return nil
        }
    }

    /// Rows and their bytes, read by `database`, which is closed afterwards.
    private static func totals(in database: SQLiteDatabase) throws -> [Int64] {
        defer { database.close() }
        return try database.queryOne("SELECT count(*), coalesce(sum(length(value)), 0) FROM probe") {
            [$0.int(0) ?? -1, $0.int(1) ?? -1]
        } ?? []
    }

    /// Nil on success, else what failed.
    private static func copyFile(_ source: String, to destination: String) -> String? {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return "could not open \(source) to copy it (errno \(errno))" }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { return "could not create \(destination) (errno \(errno))" }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return "could not read \(source) (errno \(errno))" }
            if count == 0 { return nil }
            var written = 0
            while written < count {
                let step = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, count - written) }
                if step < 0 && errno == EINTR { continue }
                guard step > 0 else { return "could not write \(destination) (errno \(errno))" }
                written += step
            }
        }
    }

    /// Removes the scratch directory and the files the check may have left in it. A failure
    /// leaves a few kilobytes behind, which is worth a line but not worth failing the store over.
    private static func removeScratch(_ scratch: String, logger: Logger) {
        for name in ["probe.sqlite3", "copy.sqlite3"] {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let path = scratch + "/" + name + suffix
                guard unlink(path) != 0 else { continue }
                let failure = errno
                if failure != ENOENT {
                    logger.warning("could not remove a file of the log-write check", ["path": path, "errno": "\(failure)"])
                }
            }
        }
        if rmdir(scratch) != 0 {
            let failure = errno
            logger.warning("could not remove the log-write check's scratch directory", ["path": scratch, "errno": "\(failure)"])
        }
    }
}
