import Logging
import Threads
import Glibc

/// The temporary file a streamed body is written to, on the writer's side. Every method runs on
/// the one `SerialWorker` the body was given, in the order the connection handed them over, so
/// its state needs no lock (hence `@unchecked Sendable`: the connection only holds the reference
/// to pass it along and to recognize reports about it).
final class SpoolFile: @unchecked Sendable {
    private let directory: String
    private let logger: Logger
    private var fd: Int32 = -1
    private var path = ""
    private var size = 0
    /// Set once the file is no longer this object's: removed after a failure or a discard, or
    /// handed over finished. Every later step does nothing.
    private var released = false

    init(directory: String, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    /// Appends `bytes`, creating the file first; nil when written. On a failure (a full disk)
    /// the file is removed at once and the error returned, once.
    func write(_ bytes: [UInt8]) -> SystemError? {
        guard !released else { return nil }
        if fd < 0, let error = create() { return fail(error) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return fail(SystemError("write"))
            }
            offset += written
        }
        size += bytes.count
        return nil
    }

    /// The complete file, handed over with its first bytes read for type checks. Ownership of
    /// the descriptor and the name passes to the returned value.
    func finish(on worker: SerialWorker) -> Result<SpooledBody, SystemError> {
        guard !released else { return .failure(SystemError("write", code: EIO)) }
        if fd < 0, let error = create() { return .failure(fail(error)) }
        var head = [UInt8](repeating: 0, count: min(size, SpooledBody.headBytes))
        var offset = 0
        while offset < head.count {
            let count = head[offset...].withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return .failure(fail(SystemError("pread", code: count == 0 ? EIO : errno))) }
            offset += count
        }
        let body = SpooledBody(path: path, descriptor: fd, size: size, head: head, worker: worker, logger: logger)
        fd = -1
        released = true
        return .success(body)
    }

    /// Removes the file of a body that will not be finished (the client went away).
    func discard() {
        guard !released else { return }
        released = true
        guard fd >= 0 else { return }
        SpooledBody.remove(path: path, descriptor: fd, logger: logger)
        fd = -1
    }

    private func create() -> SystemError? {
        // O_EXCL: a name is never reused, even one another process of the same user chose.
        for _ in 0..<8 {
            let candidate = directory + "/upload-" + String(UInt64.random(in: .min ... .max), radix: 16) + ".part"
            let opened = open(candidate, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if opened >= 0 {
                fd = opened
                path = candidate
                return nil
            }
            if errno != EEXIST { return SystemError("open") }
        }
        return SystemError("open", code: EEXIST)
    }

    private func fail(_ error: SystemError) -> SystemError {
        released = true
        if fd >= 0 {
            SpooledBody.remove(path: path, descriptor: fd, logger: logger)
            fd = -1
        }
        return error
    }
}
