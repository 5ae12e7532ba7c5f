import Chat
import HTTP
import Filters
import JSON

/// An error as the API answers it: a status and the contract's JSON shape
/// `{"error": {"code": "...", "message": "human sentence"}}` (contract §4).
public struct APIError: Error, Sendable, Equatable {
    public let status: HTTPStatus
    public let code: String
    public let message: String
    /// Seconds for `Retry-After`, on 429.
    public let retryAfter: Int?
    /// Header fields the answer must carry, such as `Sec-WebSocket-Version` on 426.
    public let headers: [String: String]

    public init(_ status: HTTPStatus, _ code: String, _ message: String, retryAfter: Int? = nil, headers: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
        self.headers = headers
    }

    var response: HTTPResponse {
        var body: [UInt8] = []
        body.reserveCapacity(64 + message.utf8.count)
        body.append(contentsOf: #"{"error":{"code":"#.utf8)
        JSONEncoding.appendString(code, to: &body)
        body.append(contentsOf: #","message":"#.utf8)
        JSONEncoding.appendString(message, to: &body)
        body.append(contentsOf: "}}".utf8)
        var headers = JSONResponse.headers
        if let retryAfter { headers.append(("Retry-After", String(retryAfter))) }
        headers.append(contentsOf: self.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    static let unauthorized = APIError(.unauthorized, "unauthorized", "A valid bearer token is required.")
    static let notFound = APIError(.notFound, "not_found", "Nothing exists at this path.")
    static let internalError = APIError(.internalServerError, "internal_error", "The server failed to handle the request.")
    static let unavailable = APIError(.serviceUnavailable, "unavailable", "The store is not answering.")
    static let stopping = APIError(.serviceUnavailable, "unavailable", "The server is stopping; retry in a moment.")

    static let cursorExpired = APIError(.gone, "cursor_expired", "The cursor is older than the events the server keeps, or from another server; reload through the REST API and continue from a new cursor.")
    static let badCursor = APIError(.badRequest, "bad_field", "cursor is not a cursor this server gave out.")

    /// The contract's answer to whatever a route or command threw: errors that own their answer
    /// give it; anything else is a 500 (`internalError`), which the caller logs.
    init(answering error: any Error) {
        self = (error as? any AnsweredError)?.answer ?? .internalError
    }

    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, "forbidden", message) }
    static func badJSON(_ message: String) -> APIError { APIError(.badRequest, "bad_json", message) }

    static func methodNotAllowed(_ allowed: [HTTPMethod]) -> APIError {
        APIError(.methodNotAllowed, "method_not_allowed",
                 "This path accepts \(allowed.map(\.description).joined(separator: ", ")).")
    }

    static func invalid(_ error: ValidationError) -> APIError {
        APIError(.badRequest, "bad_field", error.message)
    }

    /// The server's own refusals (malformed HTTP, limits, timeouts), in the same shape.
    init(_ error: HTTPParseError) {
        let code = switch error.status.code {
        case 408: "request_timeout"
        case 413: "payload_too_large"
        case 414: "uri_too_long"
        case 431: "headers_too_large"
        case 500: "internal_error"
        case 501: "not_implemented"
        case 503: "unavailable"
        case 505: "http_version_not_supported"
        case 507: "insufficient_storage"
        default: "bad_request"
        }
        self.init(error.status, code, error.message)
    }
}

/// JSON answers of the API.
enum JSONResponse {
    /// API responses are never cached: they carry tenant data behind a bearer token.
    static let headers: [(name: String, value: String)] = [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Cache-Control", "no-store"),
    ]

    static func make(_ status: HTTPStatus = .ok, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: value.encoded())
    }

    /// For bodies encoded by hand (chats, messages), which splice stored JSON instead of parsing it.
    static func make(_ status: HTTPStatus = .ok, encoded body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: body)
    }
}
