import Chat
import JSON
import Store

/// `webchat websites create|list|rotate`: the operator's website management on the data directory
/// itself, usable while a server runs (it notices within a second).
enum WebsitesCommand {
    static let help = """
        Usage:
          webchat websites create --name NAME [--origin URL]... [--data-dir DIR]
          webchat websites list [--data-dir DIR]
          webchat websites rotate WEBSITE_ID [--data-dir DIR]

        create  prints the new website as JSON, including its secret (shown only now).
        list    prints every website as JSON, without secrets.
        rotate  replaces a website's secret and prints it; tokens signed with the old one stop working.

        Options:
          --name NAME        The website's name (create)
          --origin URL       An allowed origin such as https://shop.example; repeatable (create)
        \(DataDirectoryOption.help)
        """

    static func run(_ rawArguments: [String], environment: [String: String]) async throws -> Int32 {
        let arguments = try Arguments(rawArguments, known: ["name", "origin", "data-dir"])
        var positionals = arguments.positionals
        if arguments.wantsHelp {
            print(help)
            return 0
        }
        guard !positionals.isEmpty else { throw UsageError("websites needs an action: create, list or rotate.") }
        let name = positionals.removeFirst()
        guard let action = Action(rawValue: name) else {
            throw UsageError("Unknown websites action \(name): use create, list or rotate.")
        }
        let output = try await DataDirectoryOption.withStore(DataDirectoryOption.path(arguments, environment), creating: action == .create) { store in
            try await perform(action, positionals, arguments, Websites(store: store))
        }
        print(output.jsonText)
        return 0
    }

    private enum Action: String {
        case create, list, rotate
    }

    private static func perform(_ action: Action, _ positionals: [String], _ arguments: Arguments,
                                _ websites: Websites) async throws -> JSONValue {
        let output: JSONValue
        switch action {
        case .create:
            guard positionals.isEmpty else { throw UsageError("create takes no arguments.") }
            guard let name = arguments.value("name") else { throw UsageError("create needs --name.") }
            let body: JSONObject = ["name": .string(name), "allowed_origins": .array(arguments.values("origin").map(JSONValue.string))]
            do {
                let record = try await websites.create(try WebsiteChanges(body: body))
                output = record.website.json(secret: record.secret)
            } catch let error as ValidationError {
                throw UsageError(error.message.replacingPrefix("allowed_origins", with: "--origin"))
            }
        case .list:
            guard positionals.isEmpty else { throw UsageError("list takes no arguments.") }
            output = ["websites": .array(try await websites.all().map(\.website.json))]
        case .rotate:
            guard positionals.count == 1 else { throw UsageError("rotate needs exactly one website id.") }
            guard let record = try await websites.rotateSecret(positionals[0]) else {
                throw UsageError("No website has the id \(positionals[0]).")
            }
            output = record.website.json(secret: record.secret)
        }
        return output
    }
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
