import HTTP

/// CORS for the API (contract §2): bearer tokens and no cookies, so any origin may call it
/// without credentials. The origin checks that matter are on widget sessions and the WebSocket.
enum CORS {
    static let allowOrigin: (name: String, value: String) = ("Access-Control-Allow-Origin", "*")

    /// The answer to a preflight `OPTIONS` on any API path.
    static let preflight = HTTPResponse(status: .noContent, headers: [
        allowOrigin,
        ("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS"),
        ("Access-Control-Allow-Headers", "Authorization, Content-Type"),
        ("Access-Control-Max-Age", "86400"),
    ])

    static func isAPIPath(_ path: String) -> Bool {
        path.hasPrefix("/api/")
    }

    /// API paths that other origins may not read: `GET /api/v1/demo` hands out an agent token of
    /// the demo website to the demo page, which is served from the same origin and needs no CORS.
    /// With `*` there, any site a demo server's user visits could read the token.
    static let sameOriginPaths: Set<String> = ["/api/v1/demo"]

    /// Whether the answer for `path` carries `Access-Control-Allow-Origin: *` (and a preflight).
    static func allowsAnyOrigin(_ path: String) -> Bool {
        isAPIPath(path) && !sameOriginPaths.contains(path)
    }
}
