import JSON

/// The chats of the benchmark: what `webchat bench seed` writes, and the value ranges the `list`
/// and `range` scenarios draw their queries from, kept in one place so that both agree.
///
/// Metadata looks like a support desk's: a project among `projects`, an owning team and user
/// (nested, as `owner.team` filters need), up to three tags, a numeric score for range queries,
/// a plan and a region.
public enum BenchDataSet {
    public static let defaultProjects = 10_000
    /// Every chat's `metadata.score` lies here.
    public static let scores = 0...99_999

    static let teams = [
        "billing", "core", "growth", "mobile", "web", "payments", "search", "infra", "security", "data",
        "support", "onboarding", "identity", "checkout", "catalog", "shipping", "returns", "partners", "ads", "analytics",
        "platform", "devices", "notifications", "compliance", "localization",
    ]
    static let tags = ["vip", "bug", "refund", "urgent", "invoice", "login", "feature", "api", "shipping", "churn-risk", "trial", "feedback"]
    /// Weighted as sign-ups usually are: most free, few enterprise.
    static let plans = ["free", "free", "free", "free", "free", "free", "pro", "pro", "pro", "enterprise"]
    static let regions = ["eu", "us", "apac"]
    static let owners = 1...20_000

    /// `{"project_id", "owner": {"team", "id"}, "tags", "score", "plan", "region"}` for one chat;
    /// `projects` must be at least 1.
    public static func metadata(projects: Int, using random: inout SplitMix64) -> JSONObject {
        var tagCount = Int.random(in: 0...3, using: &random)
        var chosen: [JSONValue] = []
        while tagCount > 0 {
            let tag = JSONValue.string(tags[Int.random(in: tags.indices, using: &random)])
            if !chosen.contains(tag) {
                chosen.append(tag)
                tagCount -= 1
            }
        }
        return [
            "project_id": .int(Int.random(in: 1...projects, using: &random)),
            "owner": [
                "team": .string(teams[Int.random(in: teams.indices, using: &random)]),
                "id": .string("u\(Int.random(in: owners, using: &random))"),
            ],
            "tags": .array(chosen),
            "score": .int(Int.random(in: scores, using: &random)),
            "plan": .string(plans[Int.random(in: plans.indices, using: &random)]),
            "region": .string(regions[Int.random(in: regions.indices, using: &random)]),
        ]
    }

    public static func title(using random: inout SplitMix64) -> String {
        let number = Int.random(in: 10_000...99_999, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return "Question about order #\(number)"
        case 1: return "Invoice \(number) looks wrong"
        case 2: return "Cannot sign in since update \(number % 100)"
        case 3: return "Refund for order #\(number)"
        case 4: return "Feature request: \(tags[number % tags.count]) export"
        default: return "Shipping delay, parcel \(number)"
        }
    }

    /// Words every conversation uses; a message is mostly these.
    static let commonWords = [
        "hello", "hi", "thanks", "please", "order", "my", "the", "a", "is", "not", "still", "when", "where", "can", "you",
        "help", "me", "with", "it", "arrived", "refund", "invoice", "account", "password", "login", "shipping", "delivery",
        "payment", "card", "charged", "twice", "update", "app", "crash", "error", "page", "cannot", "open", "since",
        "yesterday", "today", "week", "ago", "number", "tracking", "address", "changed", "wrong", "size", "colour",
        "return", "label", "box", "damaged", "missing", "item", "support", "team", "waiting", "answer",
    ]

    /// Syllables of the made-up product names (`product(_:)`).
    static let syllables = ["zor", "bix", "quan", "tel", "mir", "vak", "lum", "dra", "pex", "nor", "sil", "kae", "tro", "fen",
                            "gal", "hup", "jin", "wex", "oly", "cru"]
    /// Products a message names one of: each is in about one message in `productCount`.
    public static let productCount = 1000

    /// The product name of number `index` (below `productCount`), three syllables long.
    static func product(_ index: Int) -> String {
        syllables[index % 20] + syllables[(index / 20) % 20] + syllables[(index / 400 + index) % 20]
    }

    /// A support-desk message of 6 to 14 words: common words, one product name, and in a third of
    /// messages an order number (`10000...99999`), which then names very few messages.
    public static func message(using random: inout SplitMix64) -> String {
        var words = (0..<Int.random(in: 5...12, using: &random)).map { _ in
            commonWords[Int.random(in: commonWords.indices, using: &random)]
        }
        words.insert(product(Int.random(in: 0..<productCount, using: &random)), at: Int.random(in: 0...words.count, using: &random))
        if Int.random(in: 0..<3, using: &random) == 0 { words.append("#\(Int.random(in: 10_000...99_999, using: &random))") }
        return words.joined(separator: " ")
    }

    /// What an agent types into the sidebar's search: half the time a product name, a quarter an
    /// order number, a quarter a product name and the start of a common word (the last word of a
    /// search is a prefix).
    public static func searchQuery(using random: inout SplitMix64) -> String {
        let product = product(Int.random(in: 0..<productCount, using: &random))
        switch Int.random(in: 0..<4, using: &random) {
        case 0, 1: return product
        case 2: return String(Int.random(in: 10_000...99_999, using: &random))
        default: return product + " " + commonWords[Int.random(in: commonWords.indices, using: &random)].prefix(3)
        }
    }
}
