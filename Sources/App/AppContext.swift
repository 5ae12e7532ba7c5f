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
    let cannedResponses: CannedResponses
    let attachments: Attachments
    /// Where attachment bytes are kept: files under the data directory with SQLite, parts in the
    /// shared database on PostgreSQL.
    let attachmentStorage: AttachmentStorage
    /// The operator's bound on every website's attachment size (`--max-attachment-bytes`).
    let maxAttachmentBytes: Int
    let visitors: Visitors
    let hub: Hub
    /// Whether websites have an agent available, for the public widget settings.
    let availableAgents: AvailableAgentsCache
    let operatorKey: String
    let logger: Logger
    /// Writes of visitors and agents, per principal.
    let writeLimiter: RateLimiter
    /// Writes of bot and admin tokens, per website.
    let websiteWriteLimiter: RateLimiter
    let sessionLimiter: RateLimiter
    let realtimeLimiters: RealtimeLimiters
    /// Verified tokens, with the server's leeway and lifetime cap (`--max-token-lifetime`).
    let tokens: VerifiedTokenCache
    /// Limits of realtime connections: the defaults (64 KiB messages, 1 MiB queued per reader).
    let webSocket = WebSocketConfiguration()

    /// The verified token of a request; every failure is the same 401 so that nothing tells
    /// whether a website exists (contract §2).
    func authenticate(_ request: HTTPRequest) throws(APIError) -> VerifiedToken {
        try authenticate(request.head)
    }

    /// The same from a request's head alone (an upload, checked before its body is read).
    func authenticate(_ head: HTTPRequestHead) throws(APIError) -> VerifiedToken {
        guard let token = head.headers.credentials(scheme: "bearer") else { throw APIError.unauthorized }
        return try authenticate(token: token, context: head.path)
    }

    /// Verifies a token however it arrived (a header, a WebSocket hello); `context` names where,
    /// for the debug log.
    func authenticate(token: String, context: String) throws(APIError) -> VerifiedToken {
        try authenticateSession(token: token, context: context).token
    }

    /// Verifies a token and keeps the secret that verified it, for a connection that outlives the
    /// moment of verification (a WebSocket): it ends when that secret is rotated.
    func authenticateSession(token: String, context: String) throws(APIError) -> SessionCredential {
        // Called with the website's current secret on a cache hit and on a full verification alike.
        var usedSecret = ""
        do {
            let verified = try tokens.verify(token, now: currentUnixTime()) { websiteID in
                let secret = directory.secret(for: websiteID)
                usedSecret = secret ?? ""
                return secret
            }
            return SessionCredential(token: verified, secret: usedSecret)
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
