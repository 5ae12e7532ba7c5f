/// `webchat bench seed|http`: the project's own load generator, so that anyone can reproduce
/// docs/BENCHMARKS.md with the executable they run.
enum BenchCommand {
    static let help = """
        Usage:
          webchat bench seed --chats N [--projects 10000] [--seed 1] [--batch 5000] [--data-dir DIR]
          webchat bench http --website ID --secret SECRET --scenario list|range|send [--url URL]
                             [--connections 64] [--duration 10] [--warmup 2] [--projects 10000] [--json]

        seed  writes a website named "bench" and N chats with support-desk metadata (project_id,
              owner.team, owner.id, tags, score, plan, region) straight into the data directory,
              in one transaction per batch; it works with or without a server running there.
              Prints {"website_id", "secret", "chats"} as one JSON line (the secret is shown
              only now); progress goes to standard error.
        http  loads a running server over keep-alive HTTP/1.1 from --connections connections,
              each sending its next request as soon as the last one was answered. Nothing is
              measured during the warm-up. Prints throughput, responses by status, errors, and
              latency percentiles; exits 1 unless every response had the expected status.
              Scenarios (agent tokens are minted with the secret):
                list   GET /api/v1/chats?metadata__project_id=<1..projects>&limit=50       (200)
                range  GET /api/v1/chats?metadata__score__gte=<x>&metadata__score__lte=<x+20>&limit=50
                send   one chat per connection, then POST /api/v1/chats/{id}/messages as fast as
                       they are acknowledged (201 = committed). Each connection is its own
                       principal, but the server limits writes per principal: start it with
                       `webchat serve --write-rate 0` for this scenario.

        Options (seed):
          --chats N          How many chats to write (1 to 100000000)
          --projects N       Distinct metadata.project_id values, 1..N (default 10000)
          --seed N           Seed of the metadata generator: the same seed writes the same metadata
                             (default 1)
          --batch N          Chats per transaction (default 5000, at most 100000)
        \(DataDirectoryOption.help)

        Options (http):
          --url URL          The server (default http://127.0.0.1:8080)
          --website ID       The website to load, as printed by `bench seed`
          --secret SECRET    Its secret (or env WEBCHAT_BENCH_SECRET, which keeps it out of `ps`)
          --scenario NAME    list, range or send
          --connections N    Concurrent connections, one thread each (default 64)
          --duration SEC     Seconds measured (default 10)
          --warmup SEC       Seconds of load before measuring (default 2)
          --projects N       Draw project_id from 1..N, as seeded (default 10000)
          --json             Print the report as one JSON line on standard output (and the table
                             on standard error)
        """

    static func run(_ rawArguments: [String], environment: [String: String]) async throws -> Int32 {
        let arguments = try Arguments(rawArguments, known: BenchSeedCommand.optionNames.union(BenchHTTPCommand.optionNames),
                                      flags: ["json"])
        if arguments.wantsHelp {
            print(help)
            return 0
        }
        var positionals = arguments.positionals
        guard !positionals.isEmpty else { throw UsageError("bench needs an action: seed or http.") }
        let action = positionals.removeFirst()
        guard positionals.isEmpty else { throw UsageError("bench \(action) takes no arguments.") }
        switch action {
        case "seed":
            try refuseOptions(of: BenchHTTPCommand.optionNames.subtracting(BenchSeedCommand.optionNames).union(["json"]),
                              in: arguments, action: action)
            return try await BenchSeedCommand.run(arguments, environment: environment)
        case "http":
            try refuseOptions(of: BenchSeedCommand.optionNames.subtracting(BenchHTTPCommand.optionNames), in: arguments,
                              action: action)
            return try await BenchHTTPCommand.run(arguments, environment: environment)
        default:
            throw UsageError("Unknown bench action \(action): use seed or http.")
        }
    }

    /// One option table serves both actions; an option of the other one is an error, not ignored.
    private static func refuseOptions(of names: Set<String>, in arguments: Arguments, action: String) throws(UsageError) {
        if let name = names.sorted().first(where: { !arguments.values($0).isEmpty || arguments.givenFlags.contains($0) }) {
            throw UsageError("bench \(action) does not take --\(name).")
        }
    }

    /// `--name` as an integer in `range`, `fallback` when absent (nil: required).
    static func integer(_ arguments: Arguments, _ name: String, in range: ClosedRange<Int>, default fallback: Int?) throws(UsageError) -> Int {
        guard let text = arguments.value(name) else {
            guard let fallback else { throw UsageError("--\(name) is required.") }
            return fallback
        }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }
}
