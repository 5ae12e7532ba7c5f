import Auth
import Chat
import HTTP

/// The admin's own website (contract §4 `GET /website`, `PATCH /website`).
enum WebsiteRoutes {
    static func register(_ router: inout Router<Route>, _ app: AppContext) {
        router.add(.get, "/api/v1/website", .async { request, _ in
            let token = try requireAdmin(request, app, changing: false)
            guard let record = try await app.websites.find(token.websiteID) else { throw APIError.unauthorized }
            return JSONResponse.make(.ok, record.website.json)
        })
        router.add(.patch, "/api/v1/website", .async { request, _ in
            let token = try requireAdmin(request, app, changing: true)
            let changes = try OperatorRoutes.readChanges(request)
            let updated: Websites.Record?
            do {
                updated = try await app.websites.update(token.websiteID, changes)
            } catch let error as ValidationError {
                throw APIError.invalid(error)
            }
            guard let record = updated else { throw APIError.unauthorized }
            app.directory.remember(record)
            return JSONResponse.make(.ok, record.website.json)
        })
    }

    /// An admin's token whose scope is readable (an unreadable scope is 401 here as on every other
    /// route). The website's settings apply to every chat, so an admin narrowed by a scope may read
    /// them but not change them.
    private static func requireAdmin(_ request: HTTPRequest, _ app: AppContext, changing: Bool) throws(APIError) -> VerifiedToken {
        let token = try app.authenticate(request)
        _ = try app.viewer(of: token)
        guard token.principal.role == .admin else { throw APIError.forbidden("Only an admin may manage the website.") }
        if changing, token.scope != nil {
            throw APIError.forbidden("An admin token with a scope may not change website-wide settings.")
        }
        return token
    }
}
