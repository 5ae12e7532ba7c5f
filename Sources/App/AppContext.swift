import Auth
import Chat
import HTTP
import Store

/// What the routes share: the store and its repositories, the in-memory website directory that
/// tokens are verified against, and the operator key.
struct AppContext: Sendable {
    let store: Store
    let websites: Websites
    let directory: WebsiteDirectory
    let chats: Chats
    let messages: Messages
    let operatorKey: String
    let logger: Logger
    let writeLimiter: RateLimiter
    let sessionLimiter: RateLimiter
    let tokens = VerifiedTokenCache()

    /// The verified token of a request; every failure is the same 401 so that nothing tells
    /// whether a website exists (contract §2).
    func authenticate(_ request: HTTPRequest) throws(APIError) -> VerifiedToken {
        guard let token = request.bearerToken else { throw APIError.unauthorized }
        do {
            return try tokens.verify(token, now: currentUnixTime()) { directory.secret(for: $0) }
        } catch {
            logger.debug("token refused", ["reason": "\(error)", "path": request.path])
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
