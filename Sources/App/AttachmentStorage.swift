import Auth
import Chat
import HTTP
import Logging
import Store
import Threads
import Glibc

/// Where the bytes of attachments live (contract §8: with the data), named by their SHA-256 so
/// that identical uploads are stored once: files under the data directory on SQLite
/// (`<data-dir>/attachments/ab/abcdef…`), parts in the shared database on PostgreSQL, where every
/// node must serve every attachment (§12). Either way uploads are spooled in
/// `<data-dir>/attachments/incoming` as they arrive, so a refused or interrupted one leaves
/// nothing in the store, and the bytes are placed inside the write that records the upload.
struct AttachmentStorage: Sendable {
    enum Location: Sendable {
        case files
        /// The store whose database holds the parts; downloads read them on the keeper.
        case database(any Store)
    }

    let root: String
    let location: Location
    /// The thread that hashes complete uploads and, on a database, copies the parts of
    /// downloads into temporary files, one after the other: however many come at once, they
    /// cost one thread (and one database session), not one each, and no reader of the store.
    let keeper: SerialWorker
    /// The keeper's own session for downloads from the database, opened on first use.
    private let downloadSession = KeeperSession()

    /// Where upload bodies are written while they arrive.
    var incoming: String { root + "/incoming" }

    /// Creates the directories (mode 0700: the files are tenants' data), removes what a process
    /// that stopped mid-upload left in `incoming`, and starts the keeper (`stop` ends it).
    static func prepare(dataDirectory: String, location: Location, logger: Logger) throws -> AttachmentStorage {
        let root = dataDirectory + "/attachments"
        try DataDirectory.create(root + "/incoming")
        let storage = AttachmentStorage(root: root, location: location, keeper: try SerialWorker(name: "webchat-keeper"))
        var removed = 0
        for name in try Self.names(in: storage.incoming) {
            if unlink(storage.incoming + "/" + name) == 0 {
                removed += 1
            } else {
                logger.failure("an interrupted upload's file could not be removed", SystemError("unlink"), ["file": name])
            }
        }
        if removed > 0 { logger.info("removed the files of interrupted uploads", ["count": "\(removed)"]) }
        return storage
    }

    /// The file holding the bytes whose SHA-256 is `sha256` (lowercase hex), on SQLite.
    func path(sha256: String) -> String {
        root + "/" + sha256.prefix(2) + "/" + sha256
    }

    /// Ends the keeper once what it was given is done.
    func stop() {
        keeper.stop()
    }

    /// Reads the complete upload once, on the keeper, and returns its SHA-256 (lowercase hex).
    func digest(of body: SpooledBody) async throws -> String {
        try await keeper.run { try Self.digestNow(body) }
    }

    /// Puts the upload at its content address, inside the write that records it
    /// (`Attachments.create`): a rename into place (replacing a file there, which holds the same
    /// bytes), or the parts written into the database unless they are there already.
    func place(_ body: SpooledBody, sha256: String, in database: any Database) throws {
        switch location {
        case .files:
            let directory = root + "/" + sha256.prefix(2)
            if mkdir(directory, 0o700) != 0, errno != EEXIST { throw SystemError("mkdir") }
            try body.keep(at: path(sha256: sha256))
        case .database:
            let partBytes = AttachmentParts.partBytes
            try AttachmentParts.store(sha256, parts: (body.size + partBytes - 1) / partBytes, read: { part throws(SystemError) in
                try Self.read(body.descriptor, at: part * partBytes, count: min(partBytes, body.size - part * partBytes))
            }, in: database)
        }
    }

    /// Copies the files of a SQLite data directory's attachments (`digests`) into the parts of a
    /// database, one part in memory at a time: `migrate-to`, inside its one transaction. A file
    /// that is missing is an error: the copy would lose bytes that rows name.
    static func copyFiles(of dataDirectory: String, _ digests: [String], into database: any Database) throws {
        let files = dataDirectory + "/attachments"
        for sha256 in digests {
            let descriptor = Glibc.open(files + "/" + sha256.prefix(2) + "/" + sha256, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw SystemError("open the attachment file \(sha256)") }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw SystemError("fstat") }
            let size = Int(status.st_size), partBytes = AttachmentParts.partBytes
            try AttachmentParts.store(sha256, parts: (size + partBytes - 1) / partBytes, read: { part throws(SystemError) in
                try Self.read(descriptor, at: part * partBytes, count: min(partBytes, size - part * partBytes))
            }, in: database)
        }
    }

    /// Deletes the bytes of `sha256` once no attachment names them (`Attachments.removeUnreferenced`,
    /// inside a write); a file that is gone already is no failure.
    func remove(sha256: String, in database: any Database) throws {
        switch location {
        case .files:
            guard unlink(path(sha256: sha256)) == 0 || errno == ENOENT else { throw SystemError("unlink") }
        case .database:
            try AttachmentParts.removeUnreferenced(sha256, in: database)
        }
    }

    /// A descriptor to send `attachment`'s bytes from: its file, or on a database a temporary
    /// file (already unlinked) the keeper filled from the parts, part by part, so that memory
    /// stays at one part whatever the size.
    func open(_ attachment: Attachment) async throws -> Int32 {
        switch location {
        case .files:
            let descriptor = Glibc.open(path(sha256: attachment.sha256), O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw SystemError("open") }
            return descriptor
        case .database(let store):
            let (directory, session) = (incoming, downloadSession)
            return try await keeper.run { try Self.copyParts(of: attachment, into: directory, session: session, store: store) }
        }
    }

    private static func copyParts(of attachment: Attachment, into directory: String, session: KeeperSession, store: any Store) throws -> Int32 {
        let descriptor = try anonymousFile(in: directory)
        do {
            let database = try session.database(of: store)
            var part = 0
            while let bytes = try AttachmentParts.read(attachment.sha256, part: part, in: database) {
                try write(bytes, to: descriptor)
                part += 1
            }
            return descriptor
        } catch {
            session.reset()
            close(descriptor)
            throw error
        }
    }

    /// A new file in `directory` that no name points to any more: gone with its last descriptor.
    /// (`O_EXCL` on a random name, then unlinked: Swift does not see glibc's `O_TMPFILE`.)
    private static func anonymousFile(in directory: String) throws(SystemError) -> Int32 {
        for _ in 0..<8 {
            let candidate = directory + "/download-" + String(UInt64.random(in: .min ... .max), radix: 16) + ".part"
            let descriptor = Glibc.open(candidate, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 {
                guard unlink(candidate) == 0 else {
                    let error = SystemError("unlink")
                    close(descriptor)
                    throw error
                }
                return descriptor
            }
            if errno != EEXIST { throw SystemError("open") }
        }
        throw SystemError("open", code: EEXIST)
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw SystemError("write", code: count == 0 ? EIO : errno) }
            offset += count
        }
    }

    private static func read(_ descriptor: Int32, at offset: Int, count: Int) throws(SystemError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes[done...].withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset + done)) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw SystemError("pread", code: got == 0 ? EIO : errno) }
            done += got
        }
        return bytes
    }

    private static func digestNow(_ body: SpooledBody) throws(SystemError) -> String {
        let digest = SHA256Digest()
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        var offset = 0
        while offset < body.size {
            let count = buffer.withUnsafeMutableBytes { pread(body.descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw SystemError("pread", code: count == 0 ? EIO : errno) }
            buffer.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            offset += count
        }
        return digest.hexDigest()
    }

    private static func names(in directory: String) throws(SystemError) -> [String] {
        guard let handle = opendir(directory) else { throw SystemError("opendir") }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// The keeper's database session for downloads: opened on first use and again after a failure,
/// and touched only on the keeper's one thread, which is what makes sharing it safe.
private final class KeeperSession: @unchecked Sendable {
    private var session: (any Database)?

    func database(of store: any Store) throws -> any Database {
        if let session { return session }
        let opened = try store.makeReadConnection(cacheKilobytes: 0)
        session = opened
        return opened
    }

    func reset() {
        session = nil
    }
}
