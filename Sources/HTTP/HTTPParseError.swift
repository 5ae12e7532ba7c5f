import Threads
import Glibc

/// Why a request could not be read. Each carries the status the client gets; after any of them
/// the connection closes, because the framing of whatever follows can no longer be trusted.
public struct HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public let status: HTTPStatus
    public let message: String

    public var description: String { "\(status.code): \(message)" }

    static func badRequest(_ message: String) -> HTTPParseError { HTTPParseError(status: .badRequest, message: message) }
    static let requestLineTooLong = HTTPParseError(status: .uriTooLong, message: "The request line is longer than the server accepts.")
    static let headersTooLarge = HTTPParseError(status: .headerFieldsTooLarge, message: "The request's header section is larger than the server accepts.")
    static let tooManyHeaders = HTTPParseError(status: .headerFieldsTooLarge, message: "The request has more header fields than the server accepts.")
    static let bodyTooLarge = HTTPParseError(status: .contentTooLarge, message: "The request body is larger than the server accepts.")
    static let versionNotSupported = HTTPParseError(status: .versionNotSupported, message: "Only HTTP/1.0 and HTTP/1.1 are supported.")
    static func notImplemented(_ message: String) -> HTTPParseError { HTTPParseError(status: .notImplemented, message: message) }
}

extension HTTPParseError {
    /// The client did not finish its request head (or body) in time.
    public static let requestTimeout = HTTPParseError(status: .requestTimeout, message: "The request did not arrive in time.")
    /// A connection over the limits of `HTTPLimits` (in all, or from one address): refused
    /// before any request is read.
    /// A body that would pass the server's budget of buffered body bytes (in all, or from one
    /// address): refused before it is read.
    public static let bodyBudgetExhausted = HTTPParseError(status: .serviceUnavailable, message: "The server is receiving too many request bodies at once; try again later.")
    public static let tooManyConnections = HTTPParseError(status: .serviceUnavailable, message: "The server has too many connections open; try again later.")
}

extension HTTPParseError {
    /// A body streamed to disk could not be written: `507` when the disk (or the user's quota)
    /// is full, a condition the client may wait out; `500` for anything else, which the server
    /// logs. Either way nothing of the body remains.
    public static func spoolFailed(_ error: SystemError) -> HTTPParseError {
        if error.code == ENOSPC || error.code == EDQUOT {
            return HTTPParseError(status: .insufficientStorage, message: "The server has no room for this upload now; try again later.")
        }
        return HTTPParseError(status: .internalServerError, message: "The server failed to store the request body.")
    }
}
