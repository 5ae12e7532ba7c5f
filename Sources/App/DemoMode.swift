import Auth
import Chat
import HTTP
import JSON

/// `webchat serve --demo`: a demo website, and
/// `GET /api/v1/demo`, which hands the page at `/` that website's id and an agent token, so a
/// newcomer can chat with themself between the widget and the agent sidebar in one browser.
/// Nothing of this exists outside demo mode: no route, no token.
///
/// The demo website's id and secret are in `<data-dir>/demo-website.json` (`{"website_id",
/// "secret"}`, one line, mode 0600), so that `Examples/host-app` can sign tokens for it with
/// `--website-file`; the log names the file, never the secret.
struct DemoMode: Sendable {
    let websiteID: String
    let secret: String
    let credentialsFile: String

    static let name = "Demo shop"
    static let fileName = "demo-website.json"
    /// How long a demo agent token is valid; the page asks for a new one when it loads.
    static let tokenLifetime: Int64 = 12 * 3600

    /// The demo website of `dataDirectory`, created on first use, and its file written again on
    /// every start (the secret may have been rotated since), so later starts find the same one.
    static func prepare(dataDirectory: String, websites: Websites, directory: WebsiteDirectory) async throws -> DemoMode {
        let file = dataDirectory + "/" + fileName
        var record: Websites.Record?
        if let line = try DataDirectoryFile.readLine(file), let id = try JSONValue(parsing: Array(line.utf8))["website_id"]?.stringValue {
            record = try await websites.find(id)
        }
        if record == nil {
            var changes = try WebsiteChanges(body: [:])
            changes.name = name
            changes.widget = ["title": "Demo shop", "greeting": "Hi! This is the WebChatKit demo. Write something here, then answer yourself from the agent sidebar."]
            let created = try await websites.create(changes)
            directory.remember(created)
            record = created
        }
        guard let record else { throw StartupError("The demo website could not be created.") }
        let credentials: JSONValue = ["website_id": .string(record.website.id), "secret": .string(record.secret)]
        try DataDirectoryFile.replaceLine(credentials.jsonText, at: file)
        return DemoMode(websiteID: record.website.id, secret: record.secret, credentialsFile: file)
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
