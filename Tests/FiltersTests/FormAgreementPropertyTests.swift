import JSON
import Store
import Testing
import TestSupport
@testable import Filters

/// The same filter selects the same chats over the WebSocket (`ChatFilter(json:)`) and over
/// polling or REST (`ChatFilter(parameters:)`), for random filters against a real store
/// (contract §6). Before issue 13, `"5"` was a string in one form and a number in the other.
@Suite struct FormAgreementPropertyTests {
    static let chatCount = 200
    static let filterCount = 1500
    static let seeds: [UInt64] = [20_261_213, UInt64.random(in: 0...UInt64.max)]

    @Test(arguments: seeds)
    func bothFormsSelectTheSameChats(seed: UInt64) async throws {
        let (chats, forms) = try await onThread {
            var generator = RandomFilters(seed: seed)
            let chats = (0..<Self.chatCount).map { generator.chat(id: "c\($0)") }
            return (chats, (0..<Self.filterCount).map { _ in generator.filterInBothForms() })
        }
        try await withChats(chats) { database in
            var disagreements: [String] = []
            var pairs: [(description: String, query: ChatFilter, json: ChatFilter)] = []
            for (query, json) in forms {
                let description = "\(query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")) vs \(JSONValue.object(json).jsonText)"
                switch (Result { () throws(FilterError) in try ChatFilter(parameters: query) },
                        Result { () throws(FilterError) in try ChatFilter(json: json) }) {
                case (.failure(let queryError), .failure(let jsonError)):
                    if queryError != jsonError { disagreements.append("\(description): refused differently") }
                case (.success(let queryFilter), .success(let jsonFilter)):
                    pairs.append((description, queryFilter, jsonFilter))
                default:
                    disagreements.append("\(description): only one form is refused")
                }
            }
            let filters = pairs
            let selections = try await database.store.read { connection in
                try filters.map { (try selectIDs($0.query, in: connection), try selectIDs($0.json, in: connection)) }
            }
            var matched = 0
            for (pair, (byQuery, byJSON)) in zip(pairs, selections) {
                if !byQuery.isEmpty { matched += 1 }
                if byQuery != byJSON || database.idsInMemory(pair.query) != database.idsInMemory(pair.json) {
                    disagreements.append("\(pair.description): \(byQuery.count) chats by query, \(byJSON.count) by the WebSocket form")
                }
            }
            let compared = pairs.count
            #expect(disagreements.isEmpty, "seed \(seed): \(disagreements.count) disagree, e.g. \(disagreements.prefix(3))")
            #expect(compared * 2 > Self.filterCount, "seed \(seed): only \(compared) filters parsed")
            #expect(matched * 4 > compared, "seed \(seed): only \(matched) filters matched anything")
        }
    }
}
