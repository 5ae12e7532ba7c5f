import HTTP

/// What a path does. Routes that touch the store are `async` and run off the event loop; routes
/// that only read memory answer on the loop.
enum Route: Sendable {
    case immediate(@Sendable (HTTPRequest, RouteParameters) throws(APIError) -> HTTPResponse)
    case async(@Sendable (HTTPRequest, RouteParameters) async throws -> HTTPResponse)
}

/// The `{name}` parts of a matched path.
struct RouteParameters: Sendable {
    let values: [String: String]

    subscript(name: String) -> String { values[name] ?? "" }
}
