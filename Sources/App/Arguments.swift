/// A command's arguments: `--name value`, `--name=value`, repeatable options, `--flag`s that take
/// no value, and positionals.
/// Hand-written because the kit has no package dependencies; it is small and strict: an unknown
/// option is an error, never ignored.
struct Arguments {
    private(set) var options: [String: [String]] = [:]
    private(set) var positionals: [String] = []
    private(set) var givenFlags: Set<String> = []
    let wantsHelp: Bool

    /// `known` lists the option names (without `--`) that take a value, `flags` those that take none.
    init(_ arguments: [String], known: Set<String>, flags: Set<String> = []) throws(UsageError) {
        var help = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" {
                help = true
                continue
            }
            guard argument.hasPrefix("--") else {
                positionals.append(argument)
                continue
            }
            if flags.contains(String(argument.dropFirst(2))) {
                givenFlags.insert(String(argument.dropFirst(2)))
                continue
            }
            var name = String(argument.dropFirst(2))
            var value: String
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else {
                guard index < arguments.count else { throw UsageError("--\(name) needs a value.") }
                value = arguments[index]
                index += 1
            }
            guard known.contains(name) else { throw UsageError("Unknown option --\(name).") }
            options[name, default: []].append(value)
        }
        wantsHelp = help
    }

    /// The last value of `--name`, else the environment variable, else nil: a flag wins.
    func value(_ name: String, environment: String? = nil, in env: [String: String] = [:]) -> String? {
        options[name]?.last ?? environment.flatMap { env[$0] }
    }

    func values(_ name: String) -> [String] {
        options[name] ?? []
    }
}

/// A mistake on the command line: printed with the command's help, exit status 2.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
