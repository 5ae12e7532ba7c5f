import Auth
import HTTP
import Logging
import Store
import Threads
import Glibc

/// Where the bytes of attachments live on SQLite (contract §8: with the data): one file per
/// distinct content, named by its SHA-256 (`<data-dir>/attachments/ab/abcdef…`), so identical
/// uploads are stored once. Uploads are spooled in `attachments/incoming` as they arrive, on the
/// same file system, so keeping one that passed its checks is a rename and a refused or
/// interrupted one leaves nothing in the store.
struct AttachmentFiles: Sendable {
    let root: String
    /// The thread that hashes complete uploads, one after the other: however many finish at
    /// once, they cost one thread, not one each (`digest`).
    let keeper: SerialWorker

    /// Where upload bodies are written while they arrive.
    var incoming: String { root + "/incoming" }

    /// Creates the directories (mode 0700: the files are tenants' data), removes what a process
    /// that stopped mid-upload left in `incoming`, and starts the keeper (`stop` ends it).
    static func prepare(dataDirectory: String, logger: Logger) throws -> AttachmentFiles {
        let root = dataDirectory + "/attachments"
        try DataDirectory.create(root + "/incoming")
        let files = AttachmentFiles(root: root, keeper: try SerialWorker(name: "webchat-keeper"))
        var removed = 0
        for name in try Self.names(in: files.incoming) {
            if unlink(files.incoming + "/" + name) == 0 {
                removed += 1
            } else {
                logger.failure("an interrupted upload's file could not be removed", SystemError("unlink"), ["file": name])
            }
        }
        if removed > 0 { logger.info("removed the files of interrupted uploads", ["count": "\(removed)"]) }
        return files
    }

    /// The file holding the bytes whose SHA-256 is `sha256` (lowercase hex).
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

    /// Moves the upload to its content address (replacing a file there, which holds the same
    /// bytes). Called inside the write that records it (`Attachments.create`).
    func place(_ body: SpooledBody, sha256: String) throws(SystemError) {
        let directory = root + "/" + sha256.prefix(2)
        if mkdir(directory, 0o700) != 0, errno != EEXIST { throw SystemError("mkdir") }
        try body.keep(at: path(sha256: sha256))
    }

    /// Deletes the file of `sha256`, which no attachment names any more
    /// (`Attachments.removeUnreferenced`); one that is gone already is no failure.
    func remove(sha256: String) throws(SystemError) {
        guard unlink(path(sha256: sha256)) == 0 || errno == ENOENT else { throw SystemError("unlink") }
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
