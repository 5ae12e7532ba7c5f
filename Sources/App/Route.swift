import HTTP

/// What a path does. Routes that touch the store are `async` and run off the event loop; routes
/// that only read memory answer on the loop. A hot route may check its request on the loop and
/// hand the store work straight to the store (`callback`), answering when the store calls back.
enum Route: Sendable {
    typealias Respond = @Sendable (Result<HTTPResponse, any Error>) -> Void

    case immediate(@Sendable (HTTPRequest, RouteParameters) throws(APIError) -> HTTPResponse)
    case async(@Sendable (HTTPRequest, RouteParameters) async throws -> HTTPResponse)
    case callback(@Sendable (HTTPRequest, RouteParameters, _ respond: @escaping Respond) throws -> Void)
    /// A route that may switch the connection to another protocol (WebSocket), decided on the loop.
    case upgrade(@Sendable (HTTPRequest, RouteParameters) throws(APIError) -> HTTPReply)
    /// A route that takes a file as its body, streamed to disk: `check` runs on the loop with the
    /// head alone, before any body byte is read, and says where the body goes and how large it
    /// may be (or refuses); `run` then gets the request with its `spooledBody`, off the loop.
    case upload(check: @Sendable (HTTPRequestHead, RouteParameters) throws(APIError) -> BodySpoolPolicy,
                run: @Sendable (HTTPRequest, RouteParameters) async throws -> HTTPResponse)
}

/// The `{name}` parts of a matched path.
struct RouteParameters: Sendable {
    let values: [String: String]

    subscript(name: String) -> String { values[name] ?? "" }
}
