import Chat
import HTTP
import JSON

/// An error as the API answers it: a status and the contract's JSON shape
/// `{"error": {"code": "...", "message": "human sentence"}}` (contract §4).
public struct APIError: Error, Sendable, Equatable {
    public let status: HTTPStatus
    public let code: String
    public let message: String
    /// Seconds for `Retry-After`, on 429.
    public let retryAfter: Int?

    public init(_ status: HTTPStatus, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
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
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    static let unauthorized = APIError(.unauthorized, "unauthorized", "A valid bearer token is required.")
    static let notFound = APIError(.notFound, "not_found", "Nothing exists at this path.")
    static let internalError = APIError(.internalServerError, "internal_error", "The server failed to handle the request.")
    static let unavailable = APIError(.serviceUnavailable, "unavailable", "The store is not answering.")

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
        case 501: "not_implemented"
        case 505: "http_version_not_supported"
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
