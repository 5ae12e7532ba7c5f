import Store
/// One write SQLite made to a log file, as `LogWriteRecorder` saw it.
struct LogWrite: Equatable, Sendable {
    var offset: Int64
    var count: Int
    /// For a 24-byte write: whether bytes 4-7, the database size a commit frame carries, are
    /// nonzero. False for every other write.
    var marksCommit: Bool
}

/// The shape of SQLite's log writes that `BatchedLogWrites` depends on, checked against what a
/// real SQLite wrote (`LogWritePatternProbe`).
///
/// The batching VFS finds the end of a commit by watching for a 24-byte write whose bytes 4-7
/// are nonzero and writes everything out after the write that follows it. That is how SQLite
/// 3.x writes its log — the 32-byte log header at offset 0, then per frame its 24-byte header
/// and its page, one after the other — but no interface promises it. Were a SQLite to write a
/// frame in one call, or a header of another size, the batching would hold a commit's frames
/// past the commit, and readers on other connections would be told of frames the file lacks.
enum LogWritePattern {
    static let logHeaderSize = 32
    static let frameHeaderSize = 24

    /// Nil when `writes` — those of `commits` small transactions, none of them spilling pages
    /// before its commit — have exactly the expected shape; otherwise the first difference, in
    /// words for the warning. Every write must be the log header at offset 0, or a frame header
    /// of 24 bytes right where the previous write ended, or the page of `pageSize` bytes right
    /// after its header; exactly `commits` headers mark a commit, and the last frame is one.
    static func deviation(in writes: [LogWrite], pageSize: Int, commits: Int) -> String? {
        // Where the next frame header or page must start; nil until the log header is written.
        var next: Int64?
        var isPageDue = false
        var lastHeaderMarkedCommit = false
        var committed = 0
        for (index, write) in writes.enumerated() {
            let described = "write \(index + 1) of \(writes.count) (\(write.count) bytes at offset \(write.offset))"
            if !isPageDue && write.offset == 0 && write.count == logHeaderSize {
                next = Int64(logHeaderSize)
                continue
            }
            guard let expected = next else { return "\(described) came before the 32-byte log header" }
            guard write.offset == expected else {
                return "\(described) does not start where the previous one ended (\(expected))"
            }
            if isPageDue {
                guard write.count == pageSize else { return "\(described) is not the \(pageSize)-byte page after its frame header" }
                isPageDue = false
            } else {
                guard write.count == frameHeaderSize else { return "\(described) is not a 24-byte frame header" }
                if write.marksCommit { committed += 1 }
                lastHeaderMarkedCommit = write.marksCommit
                isPageDue = true
            }
            next = expected + Int64(write.count)
        }
        if isPageDue { return "the last frame header has no page after it" }
        if committed != commits { return "\(committed) frame headers marked a commit, for \(commits) commits" }
        if !lastHeaderMarkedCommit { return "the last frame does not mark a commit" }
        return nil
    }
}
