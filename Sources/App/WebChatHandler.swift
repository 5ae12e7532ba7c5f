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
        if isAPI, request.method == .options {
            return .response(CORS.preflight)
        }
        switch router.match(request.method, path) {
        case .found(.immediate(let run), let parameters):
            do throws(APIError) {
                return .response(withCORS(try run(request, RouteParameters(values: parameters)), isAPI))
            } catch {
                return .response(withCORS(error.response, isAPI))
            }
        case .found(.async(let run), let parameters):
            let logger = logger
            return .deferred {
                do {
                    return withCORS(try await run(request, RouteParameters(values: parameters)), isAPI)
                } catch let error as APIError {
                    return withCORS(error.response, isAPI)
                } catch let error as ChatError {
                    return withCORS(APIError(error).response, isAPI)
                } catch let error as ValidationError {
                    return withCORS(APIError.invalid(error).response, isAPI)
                } catch let error as FilterError {
                    return withCORS(APIError.badFilter(error).response, isAPI)
                } catch {
                    logger.error("request failed", ["method": "\(request.method)", "path": path, "error": "\(error)"])
                    return withCORS(APIError.internalError.response, isAPI)
                }
            }
        case .methodNotAllowed(let allowed):
            return .response(withCORS(Self.methodNotAllowed(allowed), isAPI))
        case .notFound where isAPI:
            return .response(withCORS(APIError.notFound.response, true))
        case .notFound:
            guard request.method == .get || request.method == .head else {
                return .response(Self.methodNotAllowed([.get, .head]))
            }
            return staticFiles.reply(to: request, path: path)
        }
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

private func withCORS(_ response: HTTPResponse, _ isAPI: Bool) -> HTTPResponse {
    guard isAPI else { return response }
    var response = response
    response.headers.append(CORS.allowOrigin)
    return response
}
