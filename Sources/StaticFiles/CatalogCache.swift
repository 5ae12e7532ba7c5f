/// How much the cache may hold. Misses are never cached, so only paths that name real files
/// take room; the limits stop many spellings of the same files (percent-encoded variants, paths
/// through a symlink loop) from growing memory without bound.
struct CacheLimits: Sendable {
    /// Request paths remembered at once.
    let paths: Int
    /// Bytes of file bodies (identity and gzip) held at once.
    let bytes: Int

    static let standard = CacheLimits(paths: 4096, bytes: 256 << 20)
}

/// The catalog's memory, always used under its lock: request paths mapped to loaded files, with
/// each loaded file held once however many paths lead to it.
struct CatalogCache {
    enum Probe {
        /// Checked less than one interval ago: serve as is.
        case fresh(StaticFile)
        /// Due for revalidation, which the caller now owns: other callers keep getting `fresh`
        /// until the interval runs out again, so a popular file is checked once, not by every
        /// thread at the same moment.
        case expired(LoadedFile)
        /// Not cached.
        case absent
    }

    private struct Route {
        let file: LoadedFile
        var checkedAt: Int64
    }

    private let limits: CacheLimits
    private let revalidationInterval: Int64
    private var routes: [ExactPath: Route] = [:]
    /// The most recently cached version of each resolved path, so another path to the same file
    /// (`/` and `/index.html`, a symlink, a percent-encoded spelling) reuses its bytes and gzip.
    private var latestByRealPath: [ExactPath: LoadedFile] = [:]
    /// How many routes hold each loaded file; a file is forgotten when the count reaches zero.
    /// An entry exists only while a route holds the object, so its identifier cannot be reused.
    private var routeCounts: [ObjectIdentifier: Int] = [:]
    private(set) var cachedBytes = 0

    init(limits: CacheLimits, revalidationInterval: Int64) {
        self.limits = limits
        self.revalidationInterval = revalidationInterval
    }

    var cachedPathCount: Int { routes.count }

    mutating func probe(_ key: ExactPath, at now: Int64) -> Probe {
        guard let index = routes.index(forKey: key) else { return .absent }
        let route = routes.values[index]
        if now - route.checkedAt < revalidationInterval {
            return .fresh(route.file.file)
        }
        routes.values[index].checkedAt = now
        return .expired(route.file)
    }

    /// The cached file when it needs no revalidation now; changes nothing.
    func fresh(_ key: ExactPath, at now: Int64) -> StaticFile? {
        guard let route = routes[key], now - route.checkedAt < revalidationInterval else { return nil }
        return route.file.file
    }

    /// The cached version of a resolved file, if it is still the same version.
    func shared(_ resolved: ResolvedFile) -> LoadedFile? {
        guard let file = latestByRealPath[resolved.realPath], file.identity == resolved.identity else { return nil }
        return file
    }

    /// Maps a request path to a file, making room by forgetting other paths if a limit is hit.
    mutating func insert(_ file: LoadedFile, at key: ExactPath, now: Int64) {
        remove(key)
        hold(file)
        while !routes.isEmpty, routes.count >= limits.paths || cachedBytes > limits.bytes {
            let evicted = routes.remove(at: routes.startIndex)
            letGo(evicted.value.file)
        }
        routes[key] = Route(file: file, checkedAt: now)
    }

    mutating func remove(_ key: ExactPath) {
        if let route = routes.removeValue(forKey: key) {
            letGo(route.file)
        }
    }

    private mutating func hold(_ file: LoadedFile) {
        let id = ObjectIdentifier(file)
        let count = routeCounts[id, default: 0]
        if count == 0 {
            cachedBytes += file.byteCount
            latestByRealPath[file.realPath] = file
        }
        routeCounts[id] = count + 1
    }

    private mutating func letGo(_ file: LoadedFile) {
        let id = ObjectIdentifier(file)
        guard let count = routeCounts[id] else { return }
        guard count == 1 else {
            routeCounts[id] = count - 1
            return
        }
        routeCounts[id] = nil
        cachedBytes -= file.byteCount
        if latestByRealPath[file.realPath] === file {
            latestByRealPath[file.realPath] = nil
        }
    }
}
