import Auth
import Chat
import Filters
import HTTP

extension AppContext {
    /// The caller as the chat domain sees it. A signed token whose scope cannot be used as a
    /// filter is as good as no token.
    func viewer(_ request: HTTPRequest) throws(APIError) -> Viewer {
        try viewer(of: try authenticate(request))
    }

    func viewer(of token: VerifiedToken) throws(APIError) -> Viewer {
        do {
            return try Viewer(token)
        } catch {
            throw APIError.unauthorized
        }
    }

    /// Takes a write token for the caller, or refuses with 429 (contract §4). Visitors and agents
    /// are people typing: each has a budget of its own. Bot and admin tokens are held by the
    /// website's backend for integrations and bulk work, where one token answers many chats:
    /// they share one budget per website instead, large enough for that (1,000 a second).
    func limitWrites(_ viewer: Viewer) throws(APIError) {
        let wait = switch viewer.principal.role {
        case .visitor, .agent: writeLimiter.acquire(viewer.limitKey)
        case .bot, .admin: websiteWriteLimiter.acquire(viewer.websiteID)
        }
        if let wait { throw APIError.rateLimited(retryAfter: wait) }
    }
}

extension Viewer {
    /// The key of this principal's own limits: its website, role and id — a visitor whose `sub`
    /// is an agent's id does not spend that agent's budget.
    var limitKey: String {
        websiteID + "\u{0}" + principal.role.rawValue + "\u{0}" + principal.id
    }
}

extension APIError {
    static func rateLimited(retryAfter seconds: Int) -> APIError {
        APIError(.tooManyRequests, "rate_limited", "Too many requests; retry after \(seconds) s.", retryAfter: seconds)
    }

    static func badFilter(_ error: FilterError) -> APIError {
        APIError(.badRequest, "bad_filter", "\(error.parameter): \(error.message)")
    }

    /// The contract's answer to each domain refusal.
    init(_ error: ChatError) {
        switch error {
        case .notFound: self = APIError(.notFound, "not_found", "No such chat.")
        case .forbidden(let message): self = .forbidden(message)
        case .invalid(let validation): self = .invalid(validation)
        case .conflict(let message): self = APIError(.conflict, "conflict", message)
        }
    }
}
