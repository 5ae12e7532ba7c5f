import Chat
import JSON
import Store

/// `webchat websites create|list|update|rotate`: the operator's website management on the data
/// directory itself, usable while a server runs (it notices within a second). `update` covers
/// what `PATCH /api/v1/website` does, so that nobody needs an admin token and curl to allow an
/// origin or to change how the widget looks.
enum WebsitesCommand {
    static let help = """
        Usage:
          webchat websites create --name NAME [--origin URL]... [--data-dir DIR]
          webchat websites list [--data-dir DIR]
          webchat websites update WEBSITE_ID [--name NAME] [--origin URL]... [--title TEXT] [--color #RRGGBB]
                                  [--greeting TEXT] [--position right|left] [--data-dir DIR]
          webchat websites rotate WEBSITE_ID [--data-dir DIR]

        create  prints the new website as JSON, including its secret (shown only now).
        list    prints every website as JSON, without secrets.
        update  changes what is given and prints the website as JSON. The --origin options replace
                the whole list of allowed origins: give every origin the website keeps.
        rotate  replaces a website's secret and prints it; tokens signed with the old one stop working.

        Options:
          --name NAME        The website's name (create, update)
          --origin URL       An allowed origin: scheme, host and port as the browser shows them, such as
                             https://shop.example or http://localhost:8000 (not the same as
                             http://127.0.0.1:8000); repeatable (create, update)
          --title TEXT       The widget's title (update)
          --color #RRGGBB    The widget's accent colour (update)
          --greeting TEXT    The first message a visitor sees; "" for none (update)
          --position SIDE    Where the launcher sits: right or left (update)
        \(StoreLocation.help)
        """

    static func run(_ rawArguments: [String], environment: [String: String]) async throws -> Int32 {
        let arguments = try Arguments(rawArguments, known: Set(["name", "origin", "title", "color", "greeting", "position"]).union(StoreLocation.optionNames))
        var positionals = arguments.positionals
        if arguments.wantsHelp {
            print(help)
            return 0
        }
        guard !positionals.isEmpty else { throw UsageError("websites needs an action: create, list, update or rotate.") }
        let name = positionals.removeFirst()
        guard let action = Action(rawValue: name) else {
            throw UsageError("Unknown websites action \(name): use create, list, update or rotate.")
        }
        let output = try await StoreLocation.parse(arguments, environment).withStore(creating: action == .create) { store in
            try await perform(action, positionals, arguments, Websites(store: store))
        }
        print(output.jsonText)
        return 0
    }

    private enum Action: String {
        case create, list, update, rotate
    }

    /// The options of `update` that are widget settings, by the name of their setting.
    private static let widgetOptions = ["title", "color", "greeting", "position"]

    private static func perform(_ action: Action, _ positionals: [String], _ arguments: Arguments,
                                _ websites: Websites) async throws -> JSONValue {
        let output: JSONValue
        switch action {
        case .create:
            guard positionals.isEmpty else { throw UsageError("create takes no arguments.") }
            guard let name = arguments.value("name") else { throw UsageError("create needs --name.") }
            let body: JSONObject = ["name": .string(name), "allowed_origins": .array(arguments.values("origin").map(JSONValue.string))]
            let record = try await websites.create(try changes(body))
            output = record.website.json(secret: record.secret)
        case .list:
            guard positionals.isEmpty else { throw UsageError("list takes no arguments.") }
            output = ["websites": .array(try await websites.all().map(\.website.json))]
        case .update:
            guard positionals.count == 1 else { throw UsageError("update needs exactly one website id.") }
            var body: JSONObject = [:]
            if let name = arguments.value("name") { body["name"] = .string(name) }
            let origins = arguments.values("origin")
            if !origins.isEmpty { body["allowed_origins"] = .array(origins.map(JSONValue.string)) }
            var widget: JSONObject = [:]
            for option in widgetOptions {
                if let value = arguments.value(option) { widget[option] = .string(value) }
            }
            if !widget.isEmpty { body["widget"] = .object(widget) }
            guard !body.isEmpty else {
                throw UsageError("update needs something to change: --name, --origin, --title, --color, --greeting or --position.")
            }
            guard let record = try await websites.update(positionals[0], try changes(body)) else {
                throw UsageError("No website has the id \(positionals[0]).")
            }
            output = record.website.json
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

extension WebsitesCommand {
    /// Validated changes; a refusal names the option that was given, not the API's field.
    private static func changes(_ body: JSONObject) throws -> WebsiteChanges {
        do {
            return try WebsiteChanges(body: body)
        } catch {
            var message = error.message
            for (field, option) in [("allowed_origins", "--origin"), ("widget.", "--")] where message.hasPrefix(field) {
                message = option + message.dropFirst(field.count)
            }
            throw UsageError(message)
        }
    }
}
