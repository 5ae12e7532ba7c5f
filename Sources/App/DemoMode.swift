import Auth
import Chat
import HTTP
import JSON

/// `webchat serve --demo`: a demo website, and
/// `GET /api/v1/demo`, which hands the page at `/` that website's id and an agent token, so a
/// newcomer can chat with themself between the widget and the agent sidebar in one browser.
/// Nothing of this exists outside demo mode: no route, no token.
struct DemoMode: Sendable {
    let websiteID: String
    let secret: String

    static let name = "Demo shop"
    /// How long a demo agent token is valid; the page asks for a new one when it loads.
    static let tokenLifetime: Int64 = 12 * 3600

    /// The demo website of `dataDirectory`, created on first use; its id is kept in
    /// `<data-dir>/demo-website` so later starts find the same one.
    static func prepare(dataDirectory: String, websites: Websites, directory: WebsiteDirectory) async throws -> DemoMode {
        let marker = dataDirectory + "/demo-website"
        if let id = try DataDirectoryFile.readLine(marker), let record = try await websites.find(id) {
            return DemoMode(websiteID: record.website.id, secret: record.secret)
        }
        var changes = try WebsiteChanges(body: [:])
        changes.name = name
        changes.widget = ["title": "Demo shop", "greeting": "Hi! This is the WebChatKit demo. Write something here, then answer yourself from the agent sidebar."]
        let record = try await websites.create(changes)
        directory.remember(record)
        _ = try DataDirectoryFile.createLine(record.website.id, at: marker)
        return DemoMode(websiteID: record.website.id, secret: record.secret)
    }

    func register(_ router: inout Router<Route>) {
        router.add(.get, "/api/v1/demo", .immediate { (_, _) throws(APIError) in
            let now = currentUnixTime()
            let token = TokenSigner.sign(claims: [
                "website": .string(websiteID), "sub": "demo-agent", "role": "agent", "name": "Demo agent",
                "iat": .int(Int(now)), "exp": .int(Int(now + Self.tokenLifetime)),
            ], secret: secret)
            return JSONResponse.make(.ok, ["website_id": .string(websiteID), "agent_token": .string(token)])
        })
    }
}
