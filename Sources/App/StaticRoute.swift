import HTTP
import StaticFiles

/// Serves `Public/` (contract §3): every answer was prepared when the file was loaded (type, ETag,
/// gzip), so a hit costs a dictionary lookup and a write.
struct StaticRoute: Sendable {
    let catalog: StaticFileCatalog

    func respond(to request: HTTPRequest, path: String) -> HTTPResponse {
        guard let file = catalog.lookup(path) else { return APIError.notFound.response }
        let chosen = file.representation(acceptEncoding: request.headers["accept-encoding"])
        var headers: [(name: String, value: String)] = [
            ("Content-Type", file.contentType),
            ("ETag", chosen.etag),
            ("Cache-Control", file.cacheControl),
        ]
        if file.hasGzipVariant { headers.append(("Vary", "Accept-Encoding")) }
        if let lastModified = file.lastModified { headers.append(("Last-Modified", lastModified)) }
        if ContentNegotiation.ifNoneMatch(request.headers["if-none-match"], matches: chosen.etag) {
            return HTTPResponse(status: .notModified, headers: headers)
        }
        if let encoding = chosen.contentEncoding { headers.append(("Content-Encoding", encoding)) }
        return HTTPResponse(status: .ok, headers: headers, body: chosen.body)
    }
}
