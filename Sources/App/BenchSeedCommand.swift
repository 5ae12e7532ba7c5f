import Auth
import Chat
import JSON
import LoadGenerator
import Store

/// `webchat bench seed`: writes the benchmark's data set through the same code path as
/// `POST /api/v1/chats` (`Chats.createMany`: chat rows, metadata index rows and events), many
/// chats per transaction, without a server.
enum BenchSeedCommand {
    static let optionNames: Set<String> = Set(["chats", "messages", "projects", "seed", "batch"]).union(StoreLocation.optionNames)

    static func run(_ arguments: Arguments, environment: [String: String]) async throws -> Int32 {
        let total = try BenchCommand.integer(arguments, "chats", in: 1...100_000_000, default: nil)
        let messages = try BenchCommand.integer(arguments, "messages", in: 0...1000, default: 0)
        let projects = try BenchCommand.integer(arguments, "projects", in: 1...1_000_000_000, default: BenchDataSet.defaultProjects)
        let batch = try BenchCommand.integer(arguments, "batch", in: 1...100_000, default: 5000)
        let seedText = arguments.value("seed") ?? "1"
        guard let seed = UInt64(seedText) else { throw UsageError("--seed must be a whole number from 0 to \(UInt64.max).") }
        let output = try await StoreLocation.parse(arguments, environment).withStore(creating: true) { store in
            try await seedChats(total, messages: messages, projects: projects, seed: seed, batch: batch, into: store)
        }
        print(output.jsonText)
        return 0
    }

    /// `messages` per chat are written after each batch of chats, as sends would write them (each
    /// with its event and search index entry), in transactions of about `batch` messages.
    private static func seedChats(_ total: Int, messages: Int, projects: Int, seed: UInt64, batch: Int,
                                  into store: any Store) async throws -> JSONValue {
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
            let created = try await chats.createMany(drafts, by: viewer)
            if messages > 0 {
                let chatsPerWrite = max(1, batch / messages)
                for start in stride(from: 0, to: created.count, by: chatsPerWrite) {
                    let some = Array(created[start..<min(start + chatsPerWrite, created.count)])
                    let texts = some.map { _ in (0..<messages).map { _ in BenchDataSet.message(using: &random) } }
                    try await Messages(store: store).appendMany(texts, to: some, by: viewer)
                }
            }
            written += drafts.count
            let elapsed = started.duration(to: clock.now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            printError("bench seed: \(written) of \(total) chats (\(written * messages) messages), \(Int(Double(written) / max(seconds, 0.001))) chats/s")
        }
        try await store.refreshPlannerStatistics()
        return ["website_id": .string(record.website.id), "secret": .string(record.secret), "chats": .int(written),
                "messages": .int(written * messages)]
    }
}
