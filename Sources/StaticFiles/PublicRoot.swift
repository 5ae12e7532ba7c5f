import Glibc

/// The served directory, and the rule that a file belongs to it only if its fully resolved path
/// lies inside it.
///
/// The checks keep requests (and symlinks the operator placed) from reaching outside the
/// directory. They assume the directory itself is the operator's: someone who can swap its
/// components between two system calls is already trusted with its contents.
struct PublicRoot: Sendable {
    /// The resolved directory, without a trailing slash (unless it is `/`).
    let path: String
    /// `path` followed by one slash: what every resolved file path must start with, so that
    /// `/srv/Public-old/x` does not pass as inside `/srv/Public`.
    private let prefix: String

    init(path requested: String) throws(StaticFileCatalogError) {
        guard let resolved = realpath(requested, nil) else {
            throw .rootNotFound(path: requested)
        }
        defer { free(resolved) }
        guard let path = String(validatingCString: resolved) else {
            throw .rootNotUTF8(path: requested)
        }
        var status = stat()
        guard stat(path, &status) == 0 else { throw .rootNotFound(path: requested) }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw .rootNotADirectory(path: requested) }
        self.path = path
        prefix = path == "/" ? path : path + "/"
    }

    /// The regular file a request names, after following every symlink; nil when it does not
    /// exist, resolves outside the root, passes through a hidden name once resolved, is not a
    /// regular file, or is larger than `maximumSize`.
    func resolve(_ request: RequestPath, maximumSize: Int) -> ResolvedFile? {
        guard let resolved = realpath(prefix + request.relative, nil) else { return nil }
        defer { free(resolved) }
        guard let real = String(validatingCString: resolved),
              real.utf8.starts(with: prefix.utf8)
        else { return nil }
        let inside = real.utf8.dropFirst(prefix.utf8.count)
        guard inside.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy(isVisibleName)
        else { return nil }
        var status = stat()
        guard stat(real, &status) == 0, let identity = FileIdentity(regularFile: status, maximumSize: maximumSize)
        else { return nil }
        return ResolvedFile(realPath: ExactPath(real), identity: identity)
    }
}

/// A name that may be served: not empty, and not hidden (which also rules out `.` and `..`).
func isVisibleName(_ name: some Collection<UInt8>) -> Bool {
    guard let first = name.first else { return false }
    return first != UInt8(ascii: ".")
}

/// A regular file inside the root, named by its resolved path.
struct ResolvedFile {
    let realPath: ExactPath
    let identity: FileIdentity
}

/// Which file, and which version of it, as far as `stat` can tell: a change of any field means
/// the cached bytes may be stale.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int
    let changedSeconds: Int
    let changedNanoseconds: Int

    /// The identity of a regular file of at most `maximumSize` bytes; nil for anything else.
    init?(regularFile status: stat, maximumSize: Int) {
        guard status.st_mode & S_IFMT == S_IFREG, status.st_size >= 0, status.st_size <= maximumSize else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int(status.st_size)
        modifiedSeconds = Int(status.st_mtim.tv_sec)
        modifiedNanoseconds = Int(status.st_mtim.tv_nsec)
        changedSeconds = Int(status.st_ctim.tv_sec)
        changedNanoseconds = Int(status.st_ctim.tv_nsec)
    }
}
