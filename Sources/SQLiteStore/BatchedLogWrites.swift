import Store
import CSQLite
import Glibc

/// A SQLite VFS that hands each commit's write-ahead-log frames to the kernel in one write.
///
/// SQLite writes every frame of a commit as two calls, its 24-byte header then its page: a group
/// commit of 64 messages dirties about 200 pages, so 400 `pwrite`s, each splitting page-cache
/// folios at odd offsets — a sixth of the writer's core at full load. This VFS collects the
/// frames of the log in memory and writes them out at once when the commit's last frame (the one
/// whose header carries the database size) is complete. That write happens inside SQLite's
/// commit, before it publishes the new frames to readers in the shared index, so no reader can
/// ever see a frame the file does not hold, and a failed write fails the commit.
///
/// Anything that might look at the file — a read, a sync, its size, a truncation, a file control,
/// closing it — writes out what is held first, and so does a write that is not the next byte:
/// the file always reads as if every write had gone straight through. Only log files are
/// wrapped; the database file and everything else are the default VFS's own objects.
enum BatchedLogWrites {
    /// The name to open connections with; the VFS is registered on first use.
    static var vfsName: String {
        _ = registration
        return name
    }

    private static let name = "webchat-batched-log"

    /// The held frames of one open log file. Only the connection's own thread touches it.
    ///
    /// The bytes live in an anonymous mapping of their own, not in the heap: the commit after a
    /// stall carries every write that waited and may need megabytes, and a heap buffer would keep
    /// that much resident for good. After each write-out, pages beyond what a normal batch needs
    /// go back to the system (`MADV_DONTNEED`); connections that never write (readers) never
    /// touch the mapping at all.
    final class Buffer {
        /// Frames of a transaction too large to hold (a spilled cache) go out in pieces.
        static let limit = 8 << 20
        /// Resident between commits: a group commit of 64 messages writes about 800 kB.
        static let kept = 1 << 20
        /// `limit` plus the largest single write SQLite makes to a log (a 64 KiB page).
        private static let capacity = limit + (64 << 10)
        static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

        private let base: UnsafeMutableRawPointer
        private(set) var count = 0
        /// File offset of the first held byte.
        var start: Int64 = 0
        /// Set by a commit frame's header: its page is the commit's last byte.
        var isCommitPending = false

        /// Nil when the system refuses the mapping; the log's open then fails (`SQLITE_NOMEM`).
        init?() {
            let mapped = mmap(nil, Self.capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            guard let mapped, mapped != MAP_FAILED else { return nil }
            base = mapped
        }

        deinit {
            munmap(base, Self.capacity)
        }

        var isEmpty: Bool { count == 0 }
        var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

        /// Whether `incoming` fits behind what is held.
        func canHold(_ incoming: Int) -> Bool { count + incoming <= Self.capacity }

        func append(_ incoming: UnsafeRawBufferPointer) {
            (base + count).copyMemory(from: incoming.baseAddress!, byteCount: incoming.count)
            count += incoming.count
        }

        /// Forgets the held bytes and gives back the pages above `kept` that they used.
        func reset() {
            if count > Self.kept {
                let used = (count + Self.pageSize - 1) / Self.pageSize * Self.pageSize
                madvise(base + Self.kept, used - Self.kept, MADV_DONTNEED)
            }
            count = 0
            isCommitPending = false
        }
    }

    /// A wrapped log file: our methods, the buffer, then the default VFS's file object.
    private static let bufferOffset = MemoryLayout<UnsafeRawPointer>.stride
    private static let baseFileOffset = 2 * MemoryLayout<UnsafeRawPointer>.stride

    private static func baseFile(_ file: UnsafeMutablePointer<sqlite3_file>) -> UnsafeMutablePointer<sqlite3_file> {
        (UnsafeMutableRawPointer(file) + baseFileOffset).assumingMemoryBound(to: sqlite3_file.self)
    }

    private static func baseMethods(_ file: UnsafeMutablePointer<sqlite3_file>) -> sqlite3_io_methods {
        baseFile(file).pointee.pMethods.pointee
    }

    private static func buffer(_ file: UnsafeMutablePointer<sqlite3_file>) -> Buffer {
        let raw = (UnsafeMutableRawPointer(file) + bufferOffset).load(as: UnsafeMutableRawPointer.self)
        return Unmanaged<Buffer>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Writes out the held bytes, in pieces the default VFS takes in one system call each: its
    /// unix write keeps only the low 17 bits of a length (and reports a disk full for a length
    /// that is an exact multiple of 128 KiB).
    private static func flush(_ file: UnsafeMutablePointer<sqlite3_file>) -> Int32 {
        let held = buffer(file)
        guard !held.isEmpty else { return SQLITE_OK }
        defer { held.reset() }
        let bytes = held.bytes
        var written = 0
        while written < bytes.count {
            let count = min(bytes.count - written, largestWrite)
            let status = baseMethods(file).xWrite(baseFile(file), bytes.baseAddress! + written, Int32(count),
                                                  held.start + Int64(written))
            guard status == SQLITE_OK else { return status }
            written += count
        }
        return SQLITE_OK
    }

    private static let largestWrite = 124 << 10

    private static func write(_ file: UnsafeMutablePointer<sqlite3_file>, _ data: UnsafeRawPointer, _ count: Int32,
                              _ offset: Int64) -> Int32 {
        let held = buffer(file)
        if !held.isEmpty && (offset != held.start + Int64(held.count) || !held.canHold(Int(count))) {
            let status = flush(file)
            guard status == SQLITE_OK else { return status }
        }
        guard held.canHold(Int(count)) else { return baseMethods(file).xWrite(baseFile(file), data, count, offset) }
        if held.isEmpty { held.start = offset }
        let incoming = UnsafeRawBufferPointer(start: data, count: Int(count))
        held.append(incoming)
        if count == frameHeaderSize {
            // Bytes 4-7 of a frame header: the database size in pages after a commit, else 0.
            held.isCommitPending = incoming[4] | incoming[5] | incoming[6] | incoming[7] != 0
            return SQLITE_OK
        }
        if held.isCommitPending || held.count >= Buffer.limit {
            return flush(file)
        }
        return SQLITE_OK
    }

    private static let frameHeaderSize: Int32 = 24

    /// Runs `forward` on the default VFS's file once the held bytes are written.
    private static func flushing(_ file: UnsafeMutablePointer<sqlite3_file>?,
                                 _ forward: (UnsafeMutablePointer<sqlite3_file>, sqlite3_io_methods) -> Int32) -> Int32 {
        guard let file else { return SQLITE_MISUSE }
        let status = flush(file)
        return status == SQLITE_OK ? forwarding(file, forward) : status
    }

    /// Written once, read-only after: SQLite only ever reads through this pointer.
    nonisolated(unsafe) private static let methods: UnsafeMutablePointer<sqlite3_io_methods> = {
        var methods = sqlite3_io_methods()
        // Version 1: a log file is never memory-mapped and has no shared memory of its own.
        methods.iVersion = 1
        methods.xClose = { file in
            guard let file else { return SQLITE_MISUSE }
            let status = flush(file)
            let raw = (UnsafeMutableRawPointer(file) + bufferOffset).load(as: UnsafeMutableRawPointer.self)
            Unmanaged<Buffer>.fromOpaque(raw).release()
            let closed = baseMethods(file).xClose(baseFile(file))
            return status == SQLITE_OK ? closed : status
        }
        methods.xRead = { file, data, count, offset in
            flushing(file) { base, methods in methods.xRead(base, data, count, offset) }
        }
        methods.xWrite = { file, data, count, offset in
            guard let file, let data else { return SQLITE_MISUSE }
            return write(file, data, count, offset)
        }
        methods.xTruncate = { file, size in flushing(file) { base, methods in methods.xTruncate(base, size) } }
        methods.xSync = { file, flags in flushing(file) { base, methods in methods.xSync(base, flags) } }
        methods.xFileSize = { file, size in flushing(file) { base, methods in methods.xFileSize(base, size) } }
        methods.xFileControl = { file, operation, argument in
            flushing(file) { base, methods in methods.xFileControl(base, operation, argument) }
        }
        methods.xLock = { file, level in forwarding(file) { base, methods in methods.xLock(base, level) } }
        methods.xUnlock = { file, level in forwarding(file) { base, methods in methods.xUnlock(base, level) } }
        methods.xCheckReservedLock = { file, result in
            forwarding(file) { base, methods in methods.xCheckReservedLock(base, result) }
        }
        methods.xSectorSize = { file in forwarding(file) { base, methods in methods.xSectorSize(base) } }
        methods.xDeviceCharacteristics = { file in
            forwarding(file) { base, methods in methods.xDeviceCharacteristics(base) }
        }
        let pointer = UnsafeMutablePointer<sqlite3_io_methods>.allocate(capacity: 1)
        pointer.initialize(to: methods)
        return pointer
    }()

    private static func forwarding(_ file: UnsafeMutablePointer<sqlite3_file>?,
                                   _ forward: (UnsafeMutablePointer<sqlite3_file>, sqlite3_io_methods) -> Int32) -> Int32 {
        guard let file else { return SQLITE_MISUSE }
        return forward(baseFile(file), baseMethods(file))
    }

    /// Registers the VFS once per process. The structure lives as long as the process: SQLite
    /// keeps a pointer to it.
    private static let registration: Void = {
        guard let base = sqlite3_vfs_find(nil) else { return }
        let vfs = UnsafeMutablePointer<sqlite3_vfs>.allocate(capacity: 1)
        vfs.initialize(to: base.pointee)
        vfs.pointee.pNext = nil
        vfs.pointee.zName = UnsafePointer(strdup(name))
        vfs.pointee.pAppData = UnsafeMutableRawPointer(base)
        vfs.pointee.szOsFile = Int32(baseFileOffset) + base.pointee.szOsFile
        // Calls that take the VFS are forwarded with the default VFS itself, whose own fields
        // (its locking finder in pAppData) they may read.
        vfs.pointee.xOpen = { vfs, path, file, flags, outFlags in
            guard let vfs, let file, let base = vfs.pointee.pAppData?.assumingMemoryBound(to: sqlite3_vfs.self) else {
                return SQLITE_MISUSE
            }
            guard flags & SQLITE_OPEN_WAL != 0 else {
                return base.pointee.xOpen(base, path, file, flags, outFlags)
            }
            let status = base.pointee.xOpen(base, path, baseFile(file), flags, outFlags)
            guard status == SQLITE_OK else {
                file.pointee.pMethods = nil
                return status
            }
            guard let held = Buffer() else {
                _ = baseFile(file).pointee.pMethods.pointee.xClose(baseFile(file))
                file.pointee.pMethods = nil
                return SQLITE_NOMEM
            }
            (UnsafeMutableRawPointer(file) + bufferOffset).storeBytes(of: Unmanaged.passRetained(held).toOpaque(),
                                                                       as: UnsafeMutableRawPointer.self)
            file.pointee.pMethods = UnsafePointer(methods)
            return SQLITE_OK
        }
        vfs.pointee.xDelete = { vfs, path, syncDirectory in
            guard let base = vfs?.pointee.pAppData?.assumingMemoryBound(to: sqlite3_vfs.self) else { return SQLITE_MISUSE }
            return base.pointee.xDelete(base, path, syncDirectory)
        }
        vfs.pointee.xAccess = { vfs, path, flags, result in
            guard let base = vfs?.pointee.pAppData?.assumingMemoryBound(to: sqlite3_vfs.self) else { return SQLITE_MISUSE }
            return base.pointee.xAccess(base, path, flags, result)
        }
        vfs.pointee.xFullPathname = { vfs, path, count, output in
            guard let base = vfs?.pointee.pAppData?.assumingMemoryBound(to: sqlite3_vfs.self) else { return SQLITE_MISUSE }
            return base.pointee.xFullPathname(base, path, count, output)
        }
        sqlite3_vfs_register(vfs, 0)
    }()
}
