/// Maps a method and a path to a value (a route handler), with `{name}` segments captured as
/// parameters. It knows only paths, so `405` with an `Allow` list comes out right for free: the
/// path matched, the method did not.
public struct Router<Route: Sendable>: Sendable {
    public enum Match {
        case found(Route, parameters: [String: String])
        /// The path exists, but not for this method; `allowed` lists the methods it has.
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    private var table = RouteTable()
    private var routes: [Route] = []

    public init() {}

    /// Adds a route; `pattern` is a path such as `/api/v1/websites/{id}/rotate-secret`.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ route: Route) {
        table.add(method, pattern)
        routes.append(route)
    }

    /// Every registered pattern with its methods, for checks that the documentation is complete.
    public var patterns: [(method: HTTPMethod, pattern: String)] { table.patterns }

    /// Matches a request path (still percent-encoded: literals match as sent); parameters come
    /// back percent-decoded, and a parameter that does not decode to UTF-8 text without NUL
    /// matches nothing.
    public func match(_ method: HTTPMethod, _ path: String) -> Match {
        switch table.match(method, path) {
        case .found(let index, let parameters): .found(routes[index], parameters: parameters)
        case .methodNotAllowed(let allowed): .methodNotAllowed(allowed: allowed)
        case .notFound: .notFound
        }
    }
}

/// The patterns of a router, matched without knowing what the routes are: code that is not
/// generic runs at full speed from any module, with no type metadata looked up per request.
struct RouteTable: Sendable {
    private struct Entry: Sendable {
        let method: HTTPMethod
        let segments: [Segment]
    }

    /// Literals are kept as bytes: a path is ASCII once percent-encoded, and comparing it
    /// Character by Character would cost more than the rest of the routing.
    private enum Segment: Sendable, Equatable {
        case literal([UInt8])
        case parameter(String)
    }

    enum Match {
        case found(index: Int, parameters: [String: String])
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    private var entries: [Entry] = []
    /// Indices into `entries` by their number of segments, in the order they were added.
    private var entriesBySegmentCount: [Int: [Int]] = [:]
    /// The first path segment of every route (empty for a parameter): most requests to a server
    /// that also serves files match none, and are told so without splitting their path.
    private var firstSegments: [[UInt8]] = []

    private static let slash = UInt8(ascii: "/")

    mutating func add(_ method: HTTPMethod, _ pattern: String) {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part -> Segment in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(Array(part.utf8))
        }
        entriesBySegmentCount[segments.count, default: []].append(entries.count)
        entries.append(Entry(method: method, segments: Array(segments)))
        let first: [UInt8] = if case .literal(let text) = segments.first { text } else { [] }
        if !firstSegments.contains(first) { firstSegments.append(first) }
    }

    var patterns: [(method: HTTPMethod, pattern: String)] {
        entries.map { entry in
            let path = entry.segments.map { segment in
                switch segment {
                case .literal(let bytes): String(decoding: bytes, as: UTF8.self)
                case .parameter(let name): "{\(name)}"
                }
            }
            return (entry.method, "/" + path.joined(separator: "/"))
        }
    }

    func match(_ method: HTTPMethod, _ path: String) -> Match {
        let afterSlash = path.utf8.dropFirst()
        let first = afterSlash.prefix { $0 != Self.slash }
        guard firstSegments.contains(where: { $0.isEmpty || $0.elementsEqual(first) }),
              let candidates = entriesBySegmentCount[1 + afterSlash.count(where: { $0 == Self.slash })] else {
            return .notFound
        }
        let parts = afterSlash.split(separator: Self.slash, omittingEmptySubsequences: false)
        var allowed: [HTTPMethod] = []
        for index in candidates {
            let entry = entries[index]
            guard let parameters = Self.bind(entry.segments, to: parts) else { continue }
            if entry.method == method || (method == .head && entry.method == .get) {
                return .found(index: index, parameters: parameters)
            }
            if !allowed.contains(entry.method) { allowed.append(entry.method) }
            if entry.method == .get && !allowed.contains(.head) { allowed.append(.head) }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    private static func bind(_ segments: [Segment], to parts: [Substring.UTF8View]) -> [String: String]? {
        for (segment, part) in zip(segments, parts) {
            if case .literal(let bytes) = segment, !part.elementsEqual(bytes) { return nil }
        }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            guard case .parameter(let name) = segment else { continue }
            guard !part.isEmpty else { return nil }
            if part.contains(UInt8(ascii: "%")) {
                guard let decoded = URLQuery.decode(part, plusIsSpace: false) else { return nil }
                parameters[name] = decoded
            } else {
                parameters[name] = String(Substring(part))
            }
        }
        return parameters
    }
}
