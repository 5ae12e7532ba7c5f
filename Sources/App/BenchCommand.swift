import LoadGenerator

/// `webchat bench seed|http|realtime`: the project's own load generator, so that anyone can reproduce
/// docs/BENCHMARKS.md with the executable they run.
enum BenchCommand {
    static let help = """
        Usage:
          webchat bench seed --chats N [--messages 0] [--projects 10000] [--seed 1] [--batch 5000] [--data-dir DIR]
          webchat bench http --website ID --secret SECRET --scenario list|range|search|send [--url URL...]
                             [--connections 64] [--duration 10] [--warmup 2] [--projects 10000] [--json]
          webchat bench realtime --website ID --secret SECRET --scenario fanout|rooms|idle [--url URL...]
                             [--receivers N] [--senders N] [--rate N] [--chats N] [--connections N]
                             [--duration SEC] [--threads 1] [--payload 64] [--pid SERVER_PID] [--json]

        seed  writes a website named "bench" and N chats with support-desk metadata (project_id,
              owner.team, owner.id, tags, score, plan, region) straight into the data directory,
              in one transaction per batch, and with --messages that many support-desk messages
              per chat (each with its event and search entry); it works with or without a server
              running there. Prints {"website_id", "secret", "chats", "messages"} as one JSON line (the secret is shown
              only now); progress goes to standard error.
        http  loads a running server over keep-alive HTTP/1.1 from --connections connections,
              each sending its next request as soon as the last one was answered. Nothing is
              measured during the warm-up. Prints throughput, responses by status, errors, and
              latency percentiles; exits 1 unless every response had the expected status.
              Scenarios (agent tokens are minted with the secret):
                list   GET /api/v1/chats?metadata__project_id=<1..projects>&limit=50       (200)
                range  GET /api/v1/chats?metadata__score__gte=<x>&metadata__score__lte=<x+20>&limit=50
                search GET /api/v1/chats?q=<a product name, an order number, or a product and the
                       start of a common word>&limit=50, over what --messages seeded       (200)
                send   one chat per connection, then POST /api/v1/chats/{id}/messages as fast as
                       they are acknowledged (201 = committed). Each connection is its own
                       principal, but the server limits writes per principal: start it with
                       `webchat serve --write-rate 0` for this scenario.

        realtime  the WebSocket scenarios of docs/BENCHMARKS.md (those of the shared wsbench):
              creates its chats through the API with an admin token and connects `bot`
              principals that subscribe with {"chat_id": …}; sends are contract `send`
              commands at a fixed rate (an open loop: a slow server shows as latency). Counts
              every delivery, checks each arrives exactly once, and reports latency from send
              to receive. Start the server with `--website-write-rate 0 --hello-rate 0
              --command-rate 0` (one bot sends fast; every receiver says hello from one address).
                fanout  1 chat, --receivers (200) subscribed, --senders (1) sharing --rate
                        (2500 msg/s) for --duration (10 s)
                rooms   --chats (100) × --receivers (5) each, --senders (100) at --rate (10)
                        msg/s each
                idle    --connections (10000) held --duration (20 s); with --pid, the server's
                        resident memory before and after, per connection

        Options (seed):
          --chats N          How many chats to write (1 to 100000000)
          --messages N       Messages per chat (0 to 1000, default 0)
          --projects N       Distinct metadata.project_id values, 1..N (default 10000)
          --seed N           Seed of the metadata generator: the same seed writes the same metadata
                             (default 1)
          --batch N          Chats per transaction (default 5000, at most 100000)
        \(StoreLocation.help)

        Options (http):
          --url URL          The server (default http://127.0.0.1:8080). Several servers (repeated
                             --url, or URLs separated by commas), the nodes of one cluster: the
                             clients are spread round-robin, connection i on server i % count
                             (realtime: receiver i and sender j likewise, so one sender is on the
                             first; the report times cross-node deliveries on their own)
          --website ID       The website to load, as printed by `bench seed`
          --secret SECRET    Its secret (or env WEBCHAT_BENCH_SECRET, which keeps it out of `ps`)
          --scenario NAME    list, range, search or send
          --connections N    Concurrent connections, one thread each (default 64)
          --duration SEC     Seconds measured (default 10)
          --warmup SEC       Seconds of load before measuring (default 2)
          --projects N       Draw project_id from 1..N, as seeded (default 10000)
          --json             Print the report as one JSON line on standard output (and the table
                             on standard error)

        Options (realtime): --url, --website, --secret, --duration and --json as for http, and
          --scenario NAME    fanout, rooms or idle
          --receivers N      Receivers (fanout, default 200) or receivers per chat (rooms, default 5)
          --senders N        Senders (fanout default 1, rooms default 100)
          --rate N           Messages per second: in all (fanout, default 2500) or per sender
                             (rooms, default 10)
          --chats N          Chats (rooms, default 100)
          --connections N    Connections held (idle, default 10000)
          --threads N        Load generator threads (default 1)
          --payload N        Message text length in bytes (default 64)
          --pid PID          The server's process, to report its resident memory (idle)
        """

    static func run(_ rawArguments: [String], environment: [String: String]) async throws -> Int32 {
        let arguments = try Arguments(rawArguments, known: BenchSeedCommand.optionNames.union(BenchHTTPCommand.optionNames)
                                        .union(BenchRealtimeCommand.optionNames), flags: ["json"])
        if arguments.wantsHelp {
            print(help)
            return 0
        }
        var positionals = arguments.positionals
        guard !positionals.isEmpty else { throw UsageError("bench needs an action: seed, http or realtime.") }
        let action = positionals.removeFirst()
        guard positionals.isEmpty else { throw UsageError("bench \(action) takes no arguments.") }
        switch action {
        case "seed":
            try refuseOptions(except: BenchSeedCommand.optionNames, in: arguments, action: action)
            return try await BenchSeedCommand.run(arguments, environment: environment)
        case "http":
            try refuseOptions(except: BenchHTTPCommand.optionNames.union(["json"]), in: arguments, action: action)
            return try await BenchHTTPCommand.run(arguments, environment: environment)
        case "realtime":
            try refuseOptions(except: BenchRealtimeCommand.optionNames.union(["json"]), in: arguments, action: action)
            return try await BenchRealtimeCommand.run(arguments, environment: environment)
        default:
            throw UsageError("Unknown bench action \(action): use seed, http or realtime.")
        }
    }

    /// One option table serves every action; an option of another one is an error, not ignored.
    private static func refuseOptions(except allowed: Set<String>, in arguments: Arguments, action: String) throws(UsageError) {
        let all = BenchSeedCommand.optionNames.union(BenchHTTPCommand.optionNames).union(BenchRealtimeCommand.optionNames).union(["json"])
        if let name = all.subtracting(allowed).sorted().first(where: { !arguments.values($0).isEmpty || arguments.givenFlags.contains($0) }) {
            throw UsageError("bench \(action) does not take --\(name).")
        }
    }

    /// The running servers and website a load action works on: `--url` (repeated, or a comma
    /// list, for the nodes of one cluster; the load spreads its clients over them), `--website`,
    /// and the website's secret from `--secret` or `WEBCHAT_BENCH_SECRET` (which keeps it out of
    /// `ps`).
    static func target(_ arguments: Arguments, environment: [String: String],
                       action: String) throws(UsageError) -> (addresses: [ServerAddress], websiteID: String, secret: String) {
        let urls = arguments.values("url").flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        var addresses: [ServerAddress] = []
        do {
            for url in urls.isEmpty ? ["http://127.0.0.1:8080"] : urls {
                addresses.append(try ServerAddress(url: String(url)))
            }
        } catch {
            throw UsageError("--url: \(error.description)")
        }
        guard let websiteID = arguments.value("website") else { throw UsageError("bench \(action) needs --website.") }
        guard let secret = arguments.value("secret", environment: "WEBCHAT_BENCH_SECRET", in: environment), !secret.isEmpty else {
            throw UsageError("bench \(action) needs --secret (or WEBCHAT_BENCH_SECRET).")
        }
        return (addresses, websiteID, secret)
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
