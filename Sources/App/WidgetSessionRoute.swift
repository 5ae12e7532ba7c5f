import Clock
import Auth
import Chat
import HTTP
import JSON

/// `POST /api/v1/widget/sessions` (contract §2): a visitor token signed by the server for an
/// anonymous visitor, valid 30 days. The widget calls it from the host site's pages, so the
/// `Origin` must be one of the website's `allowed_origins` when it has any, and each client
/// address may ask only so often.
enum WidgetSessionRoute {
    static let lifetimeSeconds: Int64 = 30 * 24 * 3600

    static func register(_ router: inout Router<Route>, _ app: AppContext) {
        router.add(.post, "/api/v1/widget/sessions", .immediate { (request, _) throws(APIError) in
            if let wait = app.sessionLimiter.acquire(request.remoteAddress) { throw APIError.rateLimited(retryAfter: wait) }
            let body = try request.jsonObject()
            do throws(ValidationError) {
                try Validate.onlyKnownFields(body, ["website_id"])
            } catch {
                throw APIError.invalid(error)
            }
            guard let websiteID = body["website_id"]?.stringValue else {
                throw APIError.invalid(ValidationError(field: "website_id", message: "website_id is required."))
            }
            guard let record = app.directory.record(for: websiteID) else {
                throw APIError(.notFound, "not_found", "No such website.")
            }
            let origins = record.website.allowedOrigins
            if !origins.isEmpty {
                guard let origin = request.headers["origin"], origins.contains(origin) else {
                    throw APIError(.forbidden, "forbidden_origin", "This page's origin may not open chats for this website.")
                }
            }
            let visitorID = Identifier.make(prefix: "v_")
            let now = currentUnixTime()
            let expiresAt = now + lifetimeSeconds
            let token = TokenSigner.sign(claims: [
                "website": .string(websiteID), "sub": .string(visitorID), "role": "visitor",
                "iat": .int(Int(now)), "exp": .int(Int(expiresAt)),
            ], secret: record.secret)
            return JSONResponse.make(.created, [
                "token": .string(token), "visitor_id": .string(visitorID),
                "expires_at": .string(Timestamp(milliseconds: expiresAt * 1000).rfc3339),
                "widget": record.website.widget.json,
            ])
        })
        // How the widget looks, for a widget started with a token of its own (an identified
        // visitor) that skips the session. Public like the website id; no Origin check, since
        // the settings are what every visitor of the site sees anyway. The allowed origins come
        // along so that the widget on a page the server would refuse shows nothing and tells
        // the developer why, before a visitor types (they are the site's public addresses).
        // `available` (contract §11): an agent is online and it is within the business hours,
        // the agent part remembered for two seconds per website (`AvailableAgentsCache`).
        router.add(.get, "/api/v1/widget/settings", .async { request, _ in
            let query = try ListQuery(request, paging: ["website_id"])
            if let unknown = query.filters.first {
                throw APIError.invalid(ValidationError(field: unknown.name, message: "\(unknown.name) is not a parameter here."))
            }
            guard let websiteID = query.value("website_id"), let record = app.directory.record(for: websiteID) else {
                throw APIError(.notFound, "not_found", "No such website.")
            }
            let open = record.website.widget.businessHours?.isOpen(at: Timestamp.now().milliseconds / 1000) ?? true
            let available = open ? try await app.availableAgents.anyAgentAvailable(in: websiteID) : false
            return JSONResponse.make(.ok, [
                "widget": record.website.widget.json,
                "allowed_origins": .array(record.website.allowedOrigins.map(JSONValue.string)),
                "available": .bool(available),
            ])
        })
    }
}
