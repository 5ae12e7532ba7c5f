import Logging
import Glibc

/// A file read into memory with everything a response needs, plus what revalidation compares
/// against. Immutable, so the cache can hand it to any thread.
final class LoadedFile: Sendable {
    let realPath: ExactPath
    let identity: FileIdentity
    let file: StaticFile

    /// The memory the cache spends on this file, a sealed copy of a large body included.
    var byteCount: Int { file.byteCount }

    private init(realPath: ExactPath, identity: FileIdentity, file: StaticFile) {
        self.realPath = realPath
        self.identity = identity
        self.file = file
    }

    /// Reads a resolved file and prepares its representations; nil when it vanished, stopped
    /// being a regular file or grew past `maximumSize` since it was resolved, or cannot be read.
    ///
    /// The identity recorded is the one of the opened file, taken before reading: if the file
    /// changes while it is read, the next revalidation sees a different identity and reloads.
    static func load(_ resolved: ResolvedFile, maximumSize: Int, logger: Logger) -> LoadedFile? {
        // O_NOFOLLOW: the resolved path has no symlink, so one appearing now is refused.
        // O_NONBLOCK: a FIFO swapped in after the check must not block the caller in open.
        let descriptor = open(resolved.realPath.string, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0,
              let identity = FileIdentity(regularFile: status, maximumSize: maximumSize),
              let body = readAll(descriptor, size: identity.size)
        else { return nil }

        let mediaType = MediaType(path: resolved.realPath)
        let tags = EntityTags(body: body)
        let gzipBody = mediaType.isCompressible ? Gzip.compress(body).flatMap { $0.count < body.count ? $0 : nil } : nil
        let file = StaticFile(
            contentType: mediaType.contentType,
            body: body,
            etag: tags.identity,
            gzipBody: gzipBody,
            gzipETag: gzipBody == nil ? nil : tags.gzip,
            cacheControl: StaticFile.publicCacheControl,
            lastModified: HTTPDate.imfFixdate(secondsSince1970: identity.modifiedSeconds),
            sealedBody: SealedBody.make(body, logger: logger),
            sealedGzipBody: gzipBody.flatMap { SealedBody.make($0, logger: logger) }
        )
        return LoadedFile(realPath: resolved.realPath, identity: identity, file: file)
    }

    /// Up to `size` bytes from the descriptor; fewer if the file was truncated meanwhile.
    private static func readAll(_ descriptor: Int32, size: Int) -> [UInt8]? {
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            guard let start = buffer.baseAddress else { return }
            while count < size {
                let received = read(descriptor, start + count, size - count)
                if received > 0 {
                    count += received
                } else if received == 0 {
                    return
                } else if errno != EINTR {
                    failed = true
                    return
                }
            }
        }
        return failed ? nil : bytes
    }
}
