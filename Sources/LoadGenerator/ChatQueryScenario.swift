/// `GET /api/v1/chats` filtered on the benchmark's metadata, a new random value per request: the
/// read side of the targets (an equality on `project_id`, a narrow range on `score`, a search).
public struct ChatQueryScenario: Scenario {
    public let name: String
    public var successStatus: Int { 200 }
    private let query: Query
    private let token: String
    private let seed: UInt64

    private enum Query {
        case project(projects: Int)
        case scoreRange(width: Int)
        case search
    }

    /// `GET /api/v1/chats?metadata__project_id=<1...projects>&limit=50`. `projects` must be at least 1.
    public static func list(projects: Int, token: String, seed: UInt64 = 1) -> ChatQueryScenario {
        ChatQueryScenario(name: "list", query: .project(projects: projects), token: token, seed: seed)
    }

    /// `GET /api/v1/chats?metadata__score__gte=<x>&metadata__score__lte=<x+20>&limit=50`: narrow
    /// enough that an answer is about one page on a million chats, so it measures finding the
    /// range, not serializing a huge answer.
    public static func range(token: String, seed: UInt64 = 1) -> ChatQueryScenario {
        ChatQueryScenario(name: "range", query: .scoreRange(width: 20), token: token, seed: seed)
    }

    /// `GET /api/v1/chats?q=<BenchDataSet.searchQuery>&limit=50`: full-text search, ordered by
    /// relevance, over the messages `bench seed --messages` wrote.
    public static func search(token: String, seed: UInt64 = 1) -> ChatQueryScenario {
        ChatQueryScenario(name: "search", query: .search, token: token, seed: seed)
    }

    public func prepare(connection index: Int, over client: ClientConnection) -> () -> [UInt8] {
        let template = RequestTemplate(method: "GET", authority: client.address.authority,
                                       headers: [("Authorization", "Bearer \(token)")])
        var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
        switch query {
        case .project(let projects):
            return {
                template.request { target in
                    target.append(contentsOf: "/api/v1/chats?metadata__project_id=".utf8)
                    target.appendDecimal(Int.random(in: 1...projects, using: &random))
                    target.append(contentsOf: "&limit=50".utf8)
                }
            }
        case .search:
            return {
                let words = BenchDataSet.searchQuery(using: &random)
                return template.request { target in
                    target.append(contentsOf: "/api/v1/chats?q=".utf8)
                    // Letters, digits and spaces: only the space needs escaping.
                    for byte in words.utf8 { if byte == 0x20 { target.append(contentsOf: "%20".utf8) } else { target.append(byte) } }
                    target.append(contentsOf: "&limit=50".utf8)
                }
            }
        case .scoreRange(let width):
            let scores = BenchDataSet.scores
            return {
                let low = Int.random(in: scores.lowerBound...(scores.upperBound - width), using: &random)
                return template.request { target in
                    target.append(contentsOf: "/api/v1/chats?metadata__score__gte=".utf8)
                    target.appendDecimal(low)
                    target.append(contentsOf: "&metadata__score__lte=".utf8)
                    target.appendDecimal(low + width)
                    target.append(contentsOf: "&limit=50".utf8)
                }
            }
        }
    }
}
