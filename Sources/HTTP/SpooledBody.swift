import Logging
import Threads
import Synchronization
import Glibc

/// A request body that was streamed to a temporary file (`BodyDestination.file`), complete. The
/// handler decides what becomes of it: `keep(at:)` renames it into place, `discard()` removes it;
/// one left undecided is removed when the last reference to it goes, so no path forgets a file.
/// Both calls touch the file system: call them off the event loop (in `.deferred` work).
public final class SpooledBody: Sendable {
    /// How many of the first bytes `head` holds: enough for every format signature and image
    /// header the server reads.
    public static let headBytes = 64 * 1024

    /// The temporary file, until it is kept or discarded.
    public let path: String
    /// Open for reading (and writing) until it is kept or discarded, for `pread`.
    public let descriptor: Int32
    public let size: Int
    /// The first `min(size, headBytes)` bytes.
    public let head: [UInt8]
    private let settled = Mutex(false)
    private let worker: SerialWorker
    private let logger: Logger

    init(path: String, descriptor: Int32, size: Int, head: [UInt8], worker: SerialWorker, logger: Logger) {
        self.path = path
        self.descriptor = descriptor
        self.size = size
        self.head = head
        self.worker = worker
        self.logger = logger
    }

    deinit {
        guard !settled.withLock({ $0 }) else { return }
        let (path, descriptor, logger) = (path, descriptor, logger)
        worker.submit { Self.remove(path: path, descriptor: descriptor, logger: logger) }
    }

    /// True when `head` is the whole body.
    public var headIsWholeBody: Bool { head.count == size }

    /// Moves the file to `destination` (replacing what is there: for content-addressed names that
    /// is the same bytes) and closes it. On failure the file is still the temporary one, and
    /// still the caller's to keep or discard.
    public func keep(at destination: String) throws(SystemError) {
        guard settle() else { throw SystemError("rename", code: EBADF) }
        guard rename(path, destination) == 0 else {
            let error = SystemError("rename")
            settled.withLock { $0 = false }
            throw error
        }
        close(descriptor)
    }

    /// Removes the file now.
    public func discard() {
        guard settle() else { return }
        Self.remove(path: path, descriptor: descriptor, logger: logger)
    }

    /// True for the one caller that may now dispose of the file.
    private func settle() -> Bool {
        settled.withLock { settled in
            defer { settled = true }
            return !settled
        }
    }

    static func remove(path: String, descriptor: Int32, logger: Logger) {
        if unlink(path) != 0, errno != ENOENT {
            logger.failure("removing a temporary body file failed", SystemError("unlink"), ["path": path])
        }
        close(descriptor)
    }
}
