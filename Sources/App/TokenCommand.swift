import Auth
import Chat
import JSON

/// `webchat token`: mints a token signed with a website's secret, for testing and for operators
/// wiring a host app by hand.
enum TokenCommand {
    static let help = """
        Usage: webchat token --website ID --role ROLE --sub ID [--scope JSON] [--ttl SECONDS]
                             [--name NAME] [--email EMAIL] [--data-dir DIR]

        Prints a token (HS256) signed with the website's secret.

        Options:
          --website ID       The website (tenant) the token belongs to
          --role ROLE        visitor, agent, bot or admin
          --sub ID           The principal's id (1-128 characters)
          --scope JSON       Narrows what the principal sees, e.g. '{"metadata":{"project_id":123}}'
          --ttl SECONDS      Lifetime (default 3600, at most 31536000)
          --name NAME        The principal's display name
          --email EMAIL      The principal's email
        \(StoreLocation.help)
        """

    static func run(_ rawArguments: [String], environment: [String: String]) async throws -> Int32 {
        let arguments = try Arguments(rawArguments, known: Set(["website", "role", "sub", "scope", "ttl", "name", "email"]).union(StoreLocation.optionNames))
        if arguments.wantsHelp {
            print(help)
            return 0
        }
        guard arguments.positionals.isEmpty else { throw UsageError("token takes no arguments.") }
        guard let websiteID = arguments.value("website") else { throw UsageError("token needs --website.") }
        guard let roleName = arguments.value("role"), let role = Role(rawValue: roleName) else {
            throw UsageError("token needs --role visitor, agent, bot or admin.")
        }
        guard let subject = arguments.value("sub"), (1...128).contains(subject.unicodeScalars.count) else {
            throw UsageError("token needs --sub, 1 to 128 characters.")
        }
        let ttlText = arguments.value("ttl") ?? "3600"
        guard let ttl = Int64(ttlText), (1...31_536_000).contains(ttl) else {
            throw UsageError("--ttl must be a number of seconds from 1 to 31536000.")
        }
        let now = currentUnixTime()
        var claims: JSONObject = [
            "website": .string(websiteID), "sub": .string(subject), "role": .string(role.rawValue),
            "iat": .int(Int(now)), "exp": .int(Int(now + ttl)),
        ]
        if let name = arguments.value("name") { claims["name"] = .string(name) }
        if let email = arguments.value("email") { claims["email"] = .string(email) }
        if let scopeText = arguments.value("scope") {
            guard let scope = try? JSONValue(parsing: scopeText), scope.objectValue?.keys == ["metadata"],
                  scope["metadata"]?.objectValue != nil else {
                throw UsageError("--scope must be a JSON object such as {\"metadata\":{\"project_id\":123}}.")
            }
            claims["scope"] = scope
        }
        let record = try await StoreLocation.parse(arguments, environment).withStore(creating: false) { store in
            try await Websites(store: store).find(websiteID)
        }
        guard let record else { throw UsageError("No website has the id \(websiteID).") }
        print(TokenSigner.sign(claims: claims, secret: record.secret))
        return 0
    }
}
