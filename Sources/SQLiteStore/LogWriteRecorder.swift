import Store
import CSQLite
import Glibc
import Synchronization

/// A VFS of its own for one run of `LogWritePatternProbe`: it notes every write SQLite makes to a
/// log file (where, how long, whether it marks a commit) and passes every call on unchanged to
/// the VFS below it — the batching one, so the probe's commits also go through the batching
/// that its readers then check.
///
/// Registered under a name of its own while the recorder lives; every connection opened with it
/// must be closed before the recorder is dropped, which unregisters it. Only the probe's thread
/// uses it, so the list needs no lock.
final class LogWriteRecorder {
    /// Every log write so far, in order.
    private(set) var writes: [LogWrite] = []
    /// The name to open the probe's connections with.
    let name: String
    private let vfs: UnsafeMutablePointer<sqlite3_vfs>
    private let below: UnsafeMutablePointer<sqlite3_vfs>

    private static let runs = Atomic<Int>(0)

    /// Nil when no VFS called `belowName` is registered.
    init?(over belowName: String) {
        guard let below = sqlite3_vfs_find(belowName) else { return nil }
        self.below = below
        name = "webchat-log-probe-\(Self.runs.add(1, ordering: .relaxed).newValue)"
        vfs = UnsafeMutablePointer<sqlite3_vfs>.allocate(capacity: 1)
        // The calls not replaced below are the default VFS's own (time, randomness, sleep),
        // which do not look at the VFS they are given.
        vfs.initialize(to: below.pointee)
        vfs.pointee.pNext = nil
        vfs.pointee.zName = UnsafePointer(strdup(name))
        vfs.pointee.szOsFile = Int32(Self.baseFileOffset) + below.pointee.szOsFile
        vfs.pointee.xOpen = LogWriteRecorder.open
        vfs.pointee.xDelete = { vfs, path, syncDirectory in
            guard let below = vfs.flatMap(LogWriteRecorder.recorder(ofVFS:))?.below else { return SQLITE_MISUSE }
            return below.pointee.xDelete(below, path, syncDirectory)
        }
        vfs.pointee.xAccess = { vfs, path, flags, result in
            guard let below = vfs.flatMap(LogWriteRecorder.recorder(ofVFS:))?.below else { return SQLITE_MISUSE }
            return below.pointee.xAccess(below, path, flags, result)
        }
        vfs.pointee.xFullPathname = { vfs, path, count, output in
            guard let below = vfs.flatMap(LogWriteRecorder.recorder(ofVFS:))?.below else { return SQLITE_MISUSE }
            return below.pointee.xFullPathname(below, path, count, output)
        }
        vfs.pointee.pAppData = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_vfs_register(vfs, 0)
    }

    deinit {
        sqlite3_vfs_unregister(vfs)
        free(UnsafeMutablePointer(mutating: vfs.pointee.zName))
        vfs.deallocate()
    }

    private static func recorder(ofVFS vfs: UnsafeMutablePointer<sqlite3_vfs>) -> LogWriteRecorder? {
        vfs.pointee.pAppData.map { Unmanaged<LogWriteRecorder>.fromOpaque($0).takeUnretainedValue() }
    }

    /// A wrapped log file: our methods, the recorder, then the lower VFS's file object.
    private static let recorderOffset = MemoryLayout<UnsafeRawPointer>.stride
    private static let baseFileOffset = 2 * MemoryLayout<UnsafeRawPointer>.stride

    private static func baseFile(_ file: UnsafeMutablePointer<sqlite3_file>) -> UnsafeMutablePointer<sqlite3_file> {
        (UnsafeMutableRawPointer(file) + baseFileOffset).assumingMemoryBound(to: sqlite3_file.self)
    }

    private static func recorder(_ file: UnsafeMutablePointer<sqlite3_file>) -> LogWriteRecorder {
        let raw = (UnsafeMutableRawPointer(file) + recorderOffset).load(as: UnsafeMutableRawPointer.self)
        return Unmanaged<LogWriteRecorder>.fromOpaque(raw).takeUnretainedValue()
    }

    private static let open: @convention(c) (UnsafeMutablePointer<sqlite3_vfs>?, sqlite3_filename?,
                                             UnsafeMutablePointer<sqlite3_file>?, Int32,
                                             UnsafeMutablePointer<Int32>?) -> Int32 = { vfs, path, file, flags, outFlags in
        guard let file, let recorder = vfs.flatMap(LogWriteRecorder.recorder(ofVFS:)) else { return SQLITE_MISUSE }
        let below = recorder.below
        guard flags & SQLITE_OPEN_WAL != 0 else { return below.pointee.xOpen(below, path, file, flags, outFlags) }
        let status = below.pointee.xOpen(below, path, baseFile(file), flags, outFlags)
        guard status == SQLITE_OK else {
            file.pointee.pMethods = nil
            return status
        }
        (UnsafeMutableRawPointer(file) + recorderOffset).storeBytes(of: Unmanaged.passUnretained(recorder).toOpaque(),
                                                                    as: UnsafeMutableRawPointer.self)
        file.pointee.pMethods = UnsafePointer(methods)
        return SQLITE_OK
    }

    private static func forwarding(_ file: UnsafeMutablePointer<sqlite3_file>?,
                                   _ forward: (UnsafeMutablePointer<sqlite3_file>, sqlite3_io_methods) -> Int32) -> Int32 {
        guard let file else { return SQLITE_MISUSE }
        return forward(baseFile(file), baseFile(file).pointee.pMethods.pointee)
    }

    /// Written once, read-only after: SQLite only ever reads through this pointer.
    nonisolated(unsafe) private static let methods: UnsafeMutablePointer<sqlite3_io_methods> = {
        var methods = sqlite3_io_methods()
        // Version 1: a log file is never memory-mapped and has no shared memory of its own.
        methods.iVersion = 1
        methods.xClose = { file in forwarding(file) { base, methods in methods.xClose(base) } }
        methods.xRead = { file, data, count, offset in forwarding(file) { base, methods in methods.xRead(base, data, count, offset) } }
        methods.xWrite = { file, data, count, offset in
            guard let file, let data else { return SQLITE_MISUSE }
            var marksCommit = false
            if count == Int32(LogWritePattern.frameHeaderSize) {
                let header = UnsafeRawBufferPointer(start: data, count: Int(count))
                marksCommit = header[4] | header[5] | header[6] | header[7] != 0
            }
            recorder(file).writes.append(LogWrite(offset: offset, count: Int(count), marksCommit: marksCommit))
            return forwarding(file) { base, methods in methods.xWrite(base, data, count, offset) }
        }
        methods.xTruncate = { file, size in forwarding(file) { base, methods in methods.xTruncate(base, size) } }
        methods.xSync = { file, flags in forwarding(file) { base, methods in methods.xSync(base, flags) } }
        methods.xFileSize = { file, size in forwarding(file) { base, methods in methods.xFileSize(base, size) } }
        methods.xLock = { file, level in forwarding(file) { base, methods in methods.xLock(base, level) } }
        methods.xUnlock = { file, level in forwarding(file) { base, methods in methods.xUnlock(base, level) } }
        methods.xCheckReservedLock = { file, result in
            forwarding(file) { base, methods in methods.xCheckReservedLock(base, result) }
        }
        methods.xFileControl = { file, operation, argument in
            forwarding(file) { base, methods in methods.xFileControl(base, operation, argument) }
        }
        methods.xSectorSize = { file in forwarding(file) { base, methods in methods.xSectorSize(base) } }
        methods.xDeviceCharacteristics = { file in
            forwarding(file) { base, methods in methods.xDeviceCharacteristics(base) }
        }
        let pointer = UnsafeMutablePointer<sqlite3_io_methods>.allocate(capacity: 1)
        pointer.initialize(to: methods)
        return pointer
    }()
}
