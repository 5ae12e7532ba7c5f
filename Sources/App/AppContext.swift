import Logging
import Auth
import Chat
import HTTP
import Realtime
import Store
import WebSocket

/// What the routes share: the store and its repositories, the in-memory website directory that
/// tokens are verified against, and the operator key.
struct AppContext: Sendable {
    let store: Store
    let websites: Websites
    let directory: WebsiteDirectory
    let chats: Chats
    let messages: Messages
    let hub: Hub
    let operatorKey: String
    let logger: Logger
    let writeLimiter: RateLimiter
    let sessionLimiter: RateLimiter
    let realtimeLimiters: RealtimeLimiters
    let tokens = VerifiedTokenCache()
    /// Limits of realtime connections: the defaults (64 KiB messages, 1 MiB queued per reader).
    let webSocket = WebSocketConfiguration()

    /// The verified token of a request; every failure is the same 401 so that nothing tells
    /// whether a website exists (contract §2).
    func authenticate(_ request: HTTPRequest) throws(APIError) -> VerifiedToken {
        guard let token = request.bearerToken else { throw APIError.unauthorized }
        return try authenticate(token: token, context: request.path)
    }

    /// Verifies a token however it arrived (a header, a WebSocket hello); `context` names where,
    /// for the debug log.
    func authenticate(token: String, context: String) throws(APIError) -> VerifiedToken {
        do {
            return try tokens.verify(token, now: currentUnixTime()) { directory.secret(for: $0) }
        } catch {
            logger.debug("token refused", ["reason": "\(error)", "path": context])
            throw APIError.unauthorized
        }
    }

    /// Requires the operator key, compared in constant time.
    func authenticateOperator(_ request: HTTPRequest) throws(APIError) {
        guard let token = request.bearerToken, constantTimeEquals(Array(token.utf8), Array(operatorKey.utf8)) else {
            throw APIError.unauthorized
        }
    }
}
