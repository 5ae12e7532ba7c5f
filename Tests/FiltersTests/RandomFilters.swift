import LoadGenerator
import TestSupport
import JSON
@testable import Filters

/// Random chats and random filters over the same small vocabulary, so that filters often match.
struct RandomFilters {
    var random: SplitMix64

    static let keys = ["a", "b", "c", "tags", "Team", "x-y", "n1"]
    /// Keys no filter can name; documents hold them to show they change nothing.
    static let unnameableKeys = ["a.b", "_a", "bad key", "é"]
    static let strings = [
        "", "a", "A", "ab", "abc", "ABC", "Abc", "b", "hello world", "Hello", "HELLO", "Ärger", "ärger", "\u{E9}",
        "e\u{301}", "日本", "%", "a_b", "it's", "10", "007", "1.", "1e3", "-1.5", "1000", "0", "-0",
        "true", "null", " 5", "5 ", "1.50", "zz", "9007199254740993", "1234567890123456789", "1234567890123456790",
    ]
    /// Integers around 2^53 (where doubles stop holding every integer) and 2^63 (the end of
    /// `Int64`) sit beside the doubles they round to, so an inexact comparison shows up.
    static let bigIntegers: [Int] = [
        9_007_199_254_740_992, 9_007_199_254_740_993, 9_007_199_254_740_994, 1_234_567_890_123_456_789, 1_234_567_890_123_456_790,
        Int.max, Int.max - 1, Int.min, -9_007_199_254_740_993,
    ]
    static let numbers: [JSONValue] = [0, 1, -1, 5, 10, 1000, 1.5, -1.5, 0.1, 1e3, -0.0, 1e20, 9_007_199_254_740_992.0, 1.2345678901234568e18,
                                       9.223372036854775807e18, -9.223372036854775808e18]
        + bigIntegers.map(JSONValue.int)
    static let numberTexts = ["0", "1", "-1", "5", "10", "1000", "1.5", "-1.5", "0.1", "1e3", "1E3", "-0", "1e20", "2",
                              "9007199254740992.0", "9223372036854775808", "1.2345678901234568e18"]
        + bigIntegers.map(String.init)
    static let times: [Int64] = [0, 1_709_251_199_000, 1_795_341_600_000, 1_795_341_600_500]
    static let timeTexts = [
        "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2026-11-22T10:00:00Z", "2026-11-22T10:00:00.500Z",
        "2026-11-22T12:00:00+02:00", "2025-06-01T00:00:00.999-03:30",
    ]
    static let statuses = ["open", "pending", "resolved", "closed"]
    static let ids = ["u1", "u2", "123", "v1", "v2"]

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    private mutating func pick<T>(_ values: [T]) -> T {
        values[Int.random(in: 0..<values.count, using: &random)]
    }

    private mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    // MARK: Chats

    mutating func chat(id: String) -> FilterableChat {
        FilterableChat(
            id: id,
            status: pick(Self.statuses),
            priority: Int.random(in: 0...4, using: &random),
            isArchived: chance(0.3),
            visitorID: chance(0.3) ? nil : pick(Self.ids),
            assigneeID: chance(0.4) ? nil : pick(Self.ids),
            createdAt: pick(Self.times),
            updatedAt: pick(Self.times),
            lastActivityAt: pick(Self.times),
            metadata: object(depth: 1),
            rating: chance(0.4) ? nil : Int.random(in: 1...5, using: &random)
        )
    }

    private mutating func object(depth: Int) -> JSONObject {
        var object = JSONObject()
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            let key = chance(0.08) ? pick(Self.unnameableKeys) : pick(Self.keys)
            object[key] = value(depth: depth)
        }
        return object
    }

    private mutating func value(depth: Int) -> JSONValue {
        let roll = Int.random(in: 0..<10, using: &random)
        if roll < 2 {
            var elements: [JSONValue] = []
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                elements.append(chance(0.1) ? (chance(0.5) ? [scalar()] : ["a": scalar()]) : scalar())
            }
            return .array(elements)
        }
        if roll < 4 && depth < 3 {
            return .object(object(depth: depth + 1))
        }
        return scalar()
    }

    private mutating func scalar() -> JSONValue {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: .null
        case 1: .bool(chance(0.5))
        case 2, 3, 4: pick(Self.numbers)
        default: .string(pick(Self.strings))
        }
    }

    // MARK: Filters

    /// A random filter of 1–3 conditions: query parameters, or the WebSocket object.
    mutating func filter() -> (description: String, filter: ChatFilter) {
        while true {
            let count = Int.random(in: 1...3, using: &random)
            if chance(0.3) {
                var members: [(key: String, value: JSONValue)] = []
                for _ in 0..<count { members.append(jsonParameter()) }
                let object = JSONObject(members)
                if let filter = try? ChatFilter(json: object) { return (JSONValue.object(object).jsonText, filter) }
            } else {
                var parameters: [(name: String, value: String)] = []
                for _ in 0..<count { parameters.append(queryParameter()) }
                if let filter = try? ChatFilter(parameters: parameters) {
                    return (parameters.map { "\($0.name)=\($0.value)" }.joined(separator: "&"), filter)
                }
            }
        }
    }

    /// A random query filter of 1–3 conditions with distinct names, and the same filter written as
    /// a WebSocket object the way a client might: each value as a JSON string of the same text, or
    /// as the JSON number, boolean or null that text spells when JSON writes it the same way
    /// (`1E3` is written `1000.0` by JSON, so it stays a string), and an `in` list either as the
    /// text or as an array of its elements.
    mutating func filterInBothForms() -> (query: [(name: String, value: String)], json: JSONObject) {
        while true {
            var query: [(name: String, value: String)] = []
            for _ in 0..<Int.random(in: 1...3, using: &random) { query.append(queryParameter()) }
            guard Set(query.map(\.name)).count == query.count else { continue }
            let members = query.map { parameter in
                (key: parameter.name, value: parameter.name.hasSuffix("__in") && chance(0.6)
                    ? JSONValue.array(parameter.value.split(separator: ",", omittingEmptySubsequences: false).map { jsonForm(of: String($0)) })
                    : jsonForm(of: parameter.value))
            }
            return (query, JSONObject(members))
        }
    }

    private mutating func jsonForm(of text: String) -> JSONValue {
        guard chance(0.6), let scalar = try? JSONValue(parsing: text), scalar.arrayValue == nil, scalar.objectValue == nil,
              scalar.jsonText == text else { return .string(text) }
        return scalar
    }

    private mutating func metadataName() -> String {
        let depth = chance(0.7) ? 1 : Int.random(in: 2...3, using: &random)
        return "metadata__" + (0..<depth).map { _ in pick(Self.keys) }.joined(separator: "__")
    }

    private mutating func valueText() -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: pick(["true", "false", "null"])
        case 1, 2, 3: pick(Self.numberTexts)
        case 4: String(pick(Self.strings).prefix(2))
        default: pick(Self.strings)
        }
    }

    private mutating func queryParameter() -> (name: String, value: String) {
        if chance(0.25) { return standardParameter() }
        let name = metadataName()
        switch Int.random(in: 0..<9, using: &random) {
        case 0: return (name, valueText())
        case 1: return (name + "__" + pick(Comparison.allCases).rawValue, valueText())
        case 2: return (name + "__contains", valueText())
        case 3: return (name + "__icontains", valueText())
        case 4: return (name + "__in", (0..<Int.random(in: 1...4, using: &random)).map { _ in valueText() }.joined(separator: ","))
        case 5: return (name + "__isnull", pick(["true", "false"]))
        default: return (name, valueText())
        }
    }

    private mutating func standardParameter() -> (name: String, value: String) {
        let comparison = pick(Comparison.allCases).rawValue
        switch Int.random(in: 0..<14, using: &random) {
        case 0: return ("status", pick(Self.statuses))
        case 1: return ("status__in", (0..<2).map { _ in pick(Self.statuses) }.joined(separator: ","))
        case 2: return ("priority", String(Int.random(in: 0...4, using: &random)))
        case 3: return ("priority__" + comparison, String(Int.random(in: -1...5, using: &random)))
        case 4: return ("priority__in", "1,3")
        case 5: return ("is_archived", pick(["true", "false"]))
        case 6: return (pick(["assignee_id", "visitor_id"]), pick(Self.ids + ["null"]))
        case 7: return (pick(["assignee_id__in", "visitor_id__in"]), pick(Self.ids) + "," + pick(Self.ids + ["null"]))
        case 8: return (pick(["assignee_id__isnull", "visitor_id__isnull"]), pick(["true", "false"]))
        case 9: return ("chat_id__in", "c1,c2,c3,c\(Int.random(in: 0...300, using: &random))")
        case 10: return (pick(["created_at", "updated_at", "last_activity_at"]), pick(Self.timeTexts))
        case 11: return (pick(["rating", "rating__" + comparison]), String(Int.random(in: 1...5, using: &random)))
        case 12: return pick([("rating", "null"), ("rating__isnull", "true"), ("rating__isnull", "false"), ("rating__in", "1,2,null")])
        default: return (pick(["created_at", "updated_at", "last_activity_at"]) + "__" + comparison, pick(Self.timeTexts))
        }
    }

    private mutating func jsonParameter() -> (key: String, value: JSONValue) {
        let name = metadataName()
        switch Int.random(in: 0..<7, using: &random) {
        case 0: return (name + "__" + pick(Comparison.allCases).rawValue, chance(0.5) ? pick(Self.numbers) : .string(pick(Self.strings)))
        case 1: return (name + "__contains", scalar())
        case 2: return (name + "__icontains", scalar())
        case 3: return (name + "__in", .array((0..<Int.random(in: 1...4, using: &random)).map { _ in scalar() }))
        case 4: return (name + "__isnull", .bool(chance(0.5)))
        default: return (name, scalar())
        }
    }
}
