import Auth
import Chat
import HTTP
import JSON

/// Canned responses (contract §10): agents, bots and admins list them, with `?q=` a shortcut
/// prefix; only an admin whose token has no scope creates, changes or deletes them, since they
/// belong to the whole website.
enum CannedResponseRoutes {
    static func register(_ router: inout Router<Route>, _ app: AppContext) {
        router.add(.get, "/api/v1/canned-responses", .async { request, _ in
            let token = try staff(request, app)
            let query = try ListQuery(request, paging: ["q"])
            guard query.filters.isEmpty else {
                throw APIError.invalid(ValidationError(field: query.filters[0].name, message: "\(query.filters[0].name) is not a parameter here; use q."))
            }
            let prefix = query.value("q") ?? ""
            guard CannedResponseChanges.isShortcut(prefix, allowsEmpty: true) else {
                throw APIError.invalid(ValidationError(field: "q", message: "q is the start of a shortcut: a-z, 0-9 and -."))
            }
            let responses = try await app.cannedResponses.list(websiteID: token.websiteID, prefix: prefix)
            return JSONResponse.make(.ok, ["canned_responses": .array(responses.map(\.json))])
        })
        router.add(.post, "/api/v1/canned-responses", .async { request, _ in
            let changes = try CannedResponseChanges(body: try request.jsonObject(), creating: true)
            let token = try admin(request, app)
            let response = try await app.cannedResponses.create(changes, websiteID: token.websiteID)
            return JSONResponse.make(.created, response.json)
        })
        router.add(.patch, "/api/v1/canned-responses/{id}", .async { request, parameters in
            let changes = try CannedResponseChanges(body: try request.jsonObject(), creating: false)
            let token = try admin(request, app)
            guard let response = try await app.cannedResponses.update(parameters["id"], changes, websiteID: token.websiteID) else {
                throw notFound
            }
            return JSONResponse.make(.ok, response.json)
        })
        router.add(.delete, "/api/v1/canned-responses/{id}", .async { request, parameters in
            let token = try admin(request, app)
            guard try await app.cannedResponses.delete(parameters["id"], websiteID: token.websiteID) else { throw notFound }
            return HTTPResponse(status: .noContent)
        })
    }

    static let notFound = APIError(.notFound, "not_found", "No such canned response.")

    /// Agents, bots and admins: visitors never see the website's prepared answers.
    private static func staff(_ request: HTTPRequest, _ app: AppContext) throws(APIError) -> VerifiedToken {
        let token = try app.authenticate(request)
        _ = try app.viewer(of: token)
        guard token.principal.role != .visitor else { throw APIError.forbidden("Visitors have no canned responses.") }
        return token
    }

    /// An admin whose token has no scope (canned responses serve every chat of the website),
    /// within the website's write budget.
    private static func admin(_ request: HTTPRequest, _ app: AppContext) throws(APIError) -> VerifiedToken {
        let token = try app.authenticate(request)
        let viewer = try app.viewer(of: token)
        guard token.principal.role == .admin else { throw APIError.forbidden("Only an admin may change canned responses.") }
        guard token.scope == nil else {
            throw APIError.forbidden("An admin token with a scope may not change website-wide canned responses.")
        }
        try app.limitWrites(viewer)
        return token
    }
}
