import Logging
import Chat
import Filters
import HTTP
import StaticFiles

/// The application behind the HTTP server: API routes by path, static files for everything else,
/// and every error in the contract's JSON shape.
struct WebChatHandler: HTTPHandler {
    let router: Router<Route>
    let staticFiles: StaticRoute
    let logger: Logger

    func handle(_ request: HTTPRequest) -> HTTPReply {
        let path = request.path
        let isAPI = CORS.isAPIPath(path)
        let cors = CORS.allowsAnyOrigin(path)
        if cors, request.method == .options {
            return .response(CORS.preflight)
        }
        switch router.match(request.method, path) {
        case .found(.immediate(let run), let parameters):
            do throws(APIError) {
                return .response(withCORS(try run(request, RouteParameters(values: parameters)), cors))
            } catch {
                return .response(withCORS(error.response, cors))
            }
        case .found(.upgrade(let run), let parameters):
            do throws(APIError) {
                return try run(request, RouteParameters(values: parameters))
            } catch {
                return .response(withCORS(error.response, cors))
            }
        case .found(.async(let run), let parameters), .found(.upload(_, let run), let parameters):
            return .deferred {
                do {
                    return withCORS(try await run(request, RouteParameters(values: parameters)), cors)
                } catch {
                    return withCORS(errorResponse(error, request), cors)
                }
            }
        case .found(.callback(let start), let parameters):
            return .callback { respond in
                let answer: Route.Respond = { result in
                    switch result {
                    case .success(let response): respond(withCORS(response, cors))
                    case .failure(let error): respond(withCORS(errorResponse(error, request), cors))
                    }
                }
                do {
                    try start(request, RouteParameters(values: parameters), answer)
                } catch {
                    answer(.failure(error))
                }
            }
        case .methodNotAllowed(let allowed):
            return .response(withCORS(Self.methodNotAllowed(allowed), cors))
        case .notFound where isAPI:
            return .response(withCORS(APIError.notFound.response, true))
        case .notFound:
            guard request.method == .get || request.method == .head else {
                return .response(Self.methodNotAllowed([.get, .head]))
            }
            return staticFiles.reply(to: request, path: path)
        }
    }

    /// Bodies go to memory, but for upload routes, which check the head first and have the body
    /// streamed to disk; a refusal answers before the body is read.
    func bodyDestination(for head: HTTPRequestHead) -> BodyDestination {
        guard case .found(.upload(let check, _), let parameters) = router.match(head.method, head.path) else { return .memory }
        do throws(APIError) {
            return .file(try check(head, RouteParameters(values: parameters)))
        } catch {
            return .refuse(withCORS(error.response, CORS.allowsAnyOrigin(head.path)))
        }
    }

    /// The contract's answer to whatever a route threw; anything unexpected is a logged 500.
    private func errorResponse(_ error: any Error, _ request: HTTPRequest) -> HTTPResponse {
        let answer = APIError(answering: error)
        if answer == .internalError {
            logger.error("request failed", ["method": "\(request.method)", "path": request.path, "error": "\(error)"])
        }
        return answer.response
    }

    /// The server's own refusals come before the path is known, so they always carry the CORS
    /// header: a browser calling the API must be able to read why it was refused.
    func errorResponse(for error: HTTPParseError) -> HTTPResponse {
        withCORS(APIError(error).response, true)
    }

    private static func methodNotAllowed(_ allowed: [HTTPMethod]) -> HTTPResponse {
        var response = APIError.methodNotAllowed(allowed).response
        response.headers.append(("Allow", allowed.map(\.description).joined(separator: ", ")))
        return response
    }
}

private func withCORS(_ response: HTTPResponse, _ allowed: Bool) -> HTTPResponse {
    guard allowed else { return response }
    var response = response
    response.headers.append(CORS.allowOrigin)
    return response
}
