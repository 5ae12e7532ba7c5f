import Auth
import Chat
import JSON
import LoadGenerator
import Store

/// `webchat bench seed`: writes the benchmark's data set through the same code path as
/// `POST /api/v1/chats` (`Chats.createMany`: chat rows, metadata index rows and events), many
/// chats per transaction, without a server.
enum BenchSeedCommand {
    static let optionNames: Set<String> = Set(["chats", "projects", "seed", "batch"]).union(StoreLocation.optionNames)

    static func run(_ arguments: Arguments, environment: [String: String]) async throws -> Int32 {
        let total = try BenchCommand.integer(arguments, "chats", in: 1...100_000_000, default: nil)
        let projects = try BenchCommand.integer(arguments, "projects", in: 1...1_000_000_000, default: BenchDataSet.defaultProjects)
        let batch = try BenchCommand.integer(arguments, "batch", in: 1...100_000, default: 5000)
        let seedText = arguments.value("seed") ?? "1"
        guard let seed = UInt64(seedText) else { throw UsageError("--seed must be a whole number from 0 to \(UInt64.max).") }
        let output = try await StoreLocation.parse(arguments, environment).withStore(creating: true) { store in
            try await seedChats(total, projects: projects, seed: seed, batch: batch, into: store)
        }
        print(output.jsonText)
        return 0
    }

    private static func seedChats(_ total: Int, projects: Int, seed: UInt64, batch: Int, into store: any Store) async throws -> JSONValue {
        let record = try await Websites(store: store).create(try WebsiteChanges(body: ["name": "bench"]))
        let principal = Principal(id: "bench-seed", role: .admin, name: "webchat bench seed")
        let viewer = try Viewer(VerifiedToken(websiteID: record.website.id, principal: principal, expiresAt: currentUnixTime() + 3600))
        let chats = Chats(store: store)
        var random = SplitMix64(seed: seed)
        let clock = ContinuousClock()
        let started = clock.now
        var written = 0
        while written < total {
            let drafts = (0..<min(batch, total - written)).map { _ in
                var draft = NewChat()
                draft.title = BenchDataSet.title(using: &random)
                draft.metadata = BenchDataSet.metadata(projects: projects, using: &random)
                return draft
            }
            _ = try await chats.createMany(drafts, by: viewer)
            written += drafts.count
            let elapsed = started.duration(to: clock.now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            printError("bench seed: \(written) of \(total) chats, \(Int(Double(written) / max(seconds, 0.001))) chats/s")
        }
        try await store.refreshPlannerStatistics()
        return ["website_id": .string(record.website.id), "secret": .string(record.secret), "chats": .int(written)]
    }
}
