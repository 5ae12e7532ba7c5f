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

    /// Takes a write token for the caller, or refuses with 429. A principal is its website, id
    /// and role: a visitor whose `sub` is an agent's id does not spend that agent's budget.
    func limitWrites(_ viewer: Viewer) throws(APIError) {
        let principal = viewer.principal
        if let wait = writeLimiter.acquire(viewer.websiteID + "\u{0}" + principal.role.rawValue + "\u{0}" + principal.id) {
            throw APIError.rateLimited(retryAfter: wait)
        }
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
        }
    }
}
