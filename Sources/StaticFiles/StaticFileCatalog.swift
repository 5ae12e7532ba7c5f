import Clock
import Logging
import Synchronization

/// The files of a public directory, ready to serve.
///
/// A lookup that hits the cache costs one dictionary lookup under a lock and no system call, so
/// the server can answer static files faster than a sendfile-based server that opens and stats
/// the file on every request. Files are read, hashed and gzipped once, on the first request that
/// names them, and checked against the disk at most once per `revalidationInterval` per path, so
/// edits to the directory show up without a restart. Paths that name nothing are never cached.
public final class StaticFileCatalog: Sendable {
    /// Larger files are not served (404): everything is held in memory, and a public directory of
    /// a chat widget has no business holding anything near this size.
    public static let maximumFileSize = 32 << 20
    /// How long, in milliseconds, a cached file is served without looking at the disk.
    static let revalidationInterval: Int64 = 1000

    private let root: PublicRoot
    private let cache: Mutex<CatalogCache>
    private let now: @Sendable () -> Int64
    /// Where a file that could not be prepared as well as it should is reported.
    private let logger: Logger

    /// Opens the catalog of the directory at `root` (which may be relative or a symlink; it is
    /// resolved once, here). Nothing is read until the first lookup.
    public convenience init(root: String, logger: Logger = .standard) throws(StaticFileCatalogError) {
        try self.init(root: root, limits: .standard, clock: { Int64(MonotonicClock.coarseMilliseconds()) }, logger: logger)
    }

    /// The catalog with explicit cache limits and a clock in milliseconds, so tests can step time
    /// past the revalidation interval instead of sleeping.
    init(root: String, limits: CacheLimits, clock: @escaping @Sendable () -> Int64, logger: Logger = .standard) throws(StaticFileCatalogError) {
        self.root = try PublicRoot(path: root)
        cache = Mutex(CatalogCache(limits: limits, revalidationInterval: Self.revalidationInterval))
        now = clock
        self.logger = logger
    }

    /// The resolved directory the catalog serves.
    public var rootPath: String { root.path }

    /// The file a request path names, or nil when the answer is 404.
    ///
    /// `path` is the raw request path (percent-encoded, no query string), e.g. `/widget.js` or
    /// `/sub/a%20b.css`; `/` and any path ending in `/` name that directory's `index.html`.
    ///
    /// Anything that does not name a regular file inside the root is nil, in every spelling:
    /// `.` and `..` segments (also percent-encoded), hidden names (`.env`), empty segments (`//`),
    /// encoded slashes (`%2F`), backslashes, NUL and other control characters (raw or encoded),
    /// invalid percent-encoding, invalid UTF-8 after decoding, paths over 1024 bytes, directories,
    /// devices, FIFOs, and files over `maximumFileSize`. Symlinks are followed, but only to files
    /// whose fully resolved path lies inside the root and has no hidden segment there; the media
    /// type follows the resolved name.
    public func lookup(_ path: String) -> StaticFile? {
        let key = ExactPath(path)
        let time = now()
        switch cache.withLock({ $0.probe(key, at: time) }) {
        case .fresh(let file):
            return file
        case .expired(let cached):
            guard let resolved = resolve(key) else {
                cache.withLock { $0.remove(key) }
                return nil
            }
            if resolved.realPath == cached.realPath && resolved.identity == cached.identity {
                return cached.file
            }
            return load(resolved, at: key, time: time)
        case .absent:
            return resolve(key).flatMap { load($0, at: key, time: time) }
        }
    }

    /// The file at `path` when answering needs no disk access (it is cached and not due for
    /// revalidation), else nil, meaning "ask `lookup`", which may stat, read and gzip. An event
    /// loop answers hits at once and hands everything else to a thread that may block.
    public func cachedFile(_ path: String) -> StaticFile? {
        let time = now()
        return cache.withLock { $0.fresh(ExactPath(path), at: time) }
    }

    /// How many request paths are cached, for tests of the memory bounds.
    var cachedPathCount: Int { cache.withLock { $0.cachedPathCount } }

    /// How many bytes of file bodies are cached, for tests of the memory bounds.
    var cachedBytes: Int { cache.withLock { $0.cachedBytes } }

    private func resolve(_ key: ExactPath) -> ResolvedFile? {
        RequestPath(key.string).flatMap { root.resolve($0, maximumSize: Self.maximumFileSize) }
    }

    /// Reads the file (or reuses the copy cached for another path to it) and caches it at `key`.
    private func load(_ resolved: ResolvedFile, at key: ExactPath, time: Int64) -> StaticFile? {
        guard let loaded = cache.withLock({ $0.shared(resolved) })
            ?? LoadedFile.load(resolved, maximumSize: Self.maximumFileSize, logger: logger)
        else {
            cache.withLock { $0.remove(key) }
            return nil
        }
        cache.withLock { $0.insert(loaded, at: key, now: time) }
        return loaded.file
    }
}
