import HTTP
import StaticFiles

/// Serves `Public/` (contract §3): every answer was prepared when the file was loaded (type, ETag,
/// gzip), so a hit costs a dictionary lookup and a write, on the event loop. Whatever needs the
/// disk (a first request, a revalidation, a miss) runs off the loop.
struct StaticRoute: Sendable {
    let catalog: StaticFileCatalog

    func reply(to request: HTTPRequest, path: String) -> HTTPReply {
        if let file = catalog.cachedFile(path) {
            return .response(Self.respond(to: request, with: file))
        }
        let catalog = catalog
        return .deferred {
            guard let file = catalog.lookup(path) else { return APIError.notFound.response }
            return Self.respond(to: request, with: file)
        }
    }

    /// Files carry `Access-Control-Allow-Origin: *` because the embeds are ES modules loaded by
    /// other sites' pages (`import()` of realtime-client.js, `<script type="module">` of
    /// sidebar.js), and a browser runs a cross-origin module only with CORS. The files are public.
    private static func respond(to request: HTTPRequest, with file: StaticFile) -> HTTPResponse {
        let chosen = file.representation(acceptEncoding: request.headers["accept-encoding"])
        if ContentNegotiation.ifNoneMatch(request.headers["if-none-match"], matches: chosen.etag) {
            return HTTPResponse(status: .notModified, headers: [CORS.allowOrigin], encodedHeaderLines: chosen.notModifiedHeaderLines)
        }
        if let sealed = chosen.sealedBody {
            return HTTPResponse(status: .ok, headers: [CORS.allowOrigin], encodedHeaderLines: chosen.headerLines, bodyFile: sealed)
        }
        return HTTPResponse(status: .ok, headers: [CORS.allowOrigin], encodedHeaderLines: chosen.headerLines, body: chosen.body)
    }
}
