import Auth
import Chat
import HTTP
import JSON

/// Webhooks (contract §9): an admin whose token has no scope manages them, since a webhook
/// receives the events of every chat of the website. The secret is in the creation's answer only.
enum WebhookRoutes {
    static func register(_ router: inout Router<Route>, _ app: AppContext) {
        router.add(.get, "/api/v1/webhooks", .async { request, _ in
            let token = try admin(request, app, changing: false)
            let webhooks = try await app.webhooks.list(websiteID: token.websiteID)
            return JSONResponse.make(.ok, ["webhooks": .array(webhooks.map { $0.json() })])
        })
        router.add(.post, "/api/v1/webhooks", .async { request, _ in
            let changes = try WebhookChanges(body: try request.jsonObject(), creating: true)
            let token = try admin(request, app, changing: true)
            try await app.webhookURLs.check(changes.url ?? "")
            let webhook = try await app.webhooks.create(changes, websiteID: token.websiteID)
            app.webhookDeliverer?.refresh()
            return JSONResponse.make(.created, webhook.json(withSecret: true))
        })
        router.add(.get, "/api/v1/webhooks/{id}", .async { request, parameters in
            let token = try admin(request, app, changing: false)
            guard let webhook = try await app.webhooks.find(parameters["id"], websiteID: token.websiteID) else { throw notFound }
            return JSONResponse.make(.ok, webhook.json())
        })
        router.add(.patch, "/api/v1/webhooks/{id}", .async { request, parameters in
            let changes = try WebhookChanges(body: try request.jsonObject(), creating: false)
            let token = try admin(request, app, changing: true)
            if let url = changes.url { try await app.webhookURLs.check(url) }
            guard let webhook = try await app.webhooks.update(parameters["id"], changes, websiteID: token.websiteID) else { throw notFound }
            app.webhookDeliverer?.refresh()
            return JSONResponse.make(.ok, webhook.json())
        })
        router.add(.delete, "/api/v1/webhooks/{id}", .async { request, parameters in
            let token = try admin(request, app, changing: true)
            guard try await app.webhooks.delete(parameters["id"], websiteID: token.websiteID) else { throw notFound }
            app.webhookDeliverer?.refresh()
            return HTTPResponse(status: .noContent)
        })
        router.add(.get, "/api/v1/webhooks/{id}/deliveries", .async { request, parameters in
            let token = try admin(request, app, changing: false)
            guard let deliveries = try await app.webhooks.deliveries(of: parameters["id"], websiteID: token.websiteID) else { throw notFound }
            return JSONResponse.make(.ok, ["deliveries": .array(deliveries.map(\.json))])
        })
    }

    static let notFound = APIError(.notFound, "not_found", "No such webhook.")

    /// An admin whose token has no scope; a change also spends the website's write budget.
    private static func admin(_ request: HTTPRequest, _ app: AppContext, changing: Bool) throws(APIError) -> VerifiedToken {
        let token = try app.authenticate(request)
        let viewer = try app.viewer(of: token)
        guard token.principal.role == .admin else { throw APIError.forbidden("Only an admin may manage webhooks.") }
        guard token.scope == nil else {
            throw APIError.forbidden("An admin token with a scope may not manage webhooks, which receive every chat of the website.")
        }
        if changing { try app.limitWrites(viewer) }
        return token
    }
}
