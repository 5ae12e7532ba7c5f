import Filters
import JSON
import Testing

/// `pinnedValues(of:)` may say too little but never too much: whatever it pins, a chat outside
/// it never matches.
@Suite struct PinningTests {
    private func filter(_ json: JSONValue) throws -> ChatFilter {
        try ChatFilter(json: try #require(json.objectValue))
    }

    @Test func stringEqualityAndStringListsPin() throws {
        #expect(try filter(["chat_id": "ch_1"]).pinnedValues(of: .chatID) == ["ch_1"])
        #expect(try filter(["chat_id__in": ["ch_1", "ch_2"]]).pinnedValues(of: .chatID) == ["ch_1", "ch_2"])
        #expect(try filter(["visitor_id": "v1", "status": "open"]).pinnedValues(of: .visitorID) == ["v1"])
        #expect(try filter(["chat_id__in": ["ch_1", "ch_2"], "chat_id": "ch_2"]).pinnedValues(of: .chatID) == ["ch_2"])
        #expect(try filter(["chat_id__in": ["ch_1"], "chat_id": "ch_2"]).pinnedValues(of: .chatID) == [])
    }

    @Test func everythingElseLeavesTheFieldOpen() throws {
        #expect(try filter(["status": "open"]).pinnedValues(of: .chatID) == nil)
        #expect(try filter(["chat_id": "ch_1"]).pinnedValues(of: .visitorID) == nil)
        #expect(try filter(["visitor_id__isnull": true]).pinnedValues(of: .visitorID) == nil)
        #expect(ChatFilter.all.pinnedValues(of: .chatID) == nil)
    }

    /// A number equals a string that spells it, so numbers never pin.
    @Test func numbersDoNotPin() throws {
        let numeric = ChatFilter(conditions: [.field(.chatID, .equals(FilterValue(queryText: "123")))])
        #expect(numeric.pinnedValues(of: .chatID) == nil)
        let mixed = ChatFilter(conditions: [.field(.chatID, .oneOf([.string("ch_1"), FilterValue(queryText: "7")]))])
        #expect(mixed.pinnedValues(of: .chatID) == nil)
    }

    /// On random filters over chat ids, no chat outside the pinned set matches.
    @Test func nothingOutsideThePinMatches() throws {
        var generator = SystemRandomNumberGenerator()
        let ids = ["ch_1", "ch_2", "ch_3", "123", "ch_é"]
        for _ in 0..<500 {
            var conditions: [FilterCondition] = []
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                let pick = { ids.randomElement(using: &generator)! }
                switch Int.random(in: 0...3, using: &generator) {
                case 0: conditions.append(.field(.chatID, .equals(.string(pick()))))
                case 1: conditions.append(.field(.chatID, .oneOf([.string(pick()), .string(pick())])))
                case 2: conditions.append(.field(.chatID, .equals(FilterValue(queryText: "123"))))
                default: conditions.append(.field(.status, .equals(.string("open"))))
                }
            }
            let filter = ChatFilter(conditions: conditions)
            guard let pinned = filter.pinnedValues(of: .chatID) else { continue }
            for id in ids where !pinned.contains(id) {
                let chat = FilterableChat(id: id, status: "open", priority: 0, isArchived: false, visitorID: nil, assigneeID: nil,
                                          createdAt: 0, updatedAt: 0, lastActivityAt: 0, metadata: [:])
                #expect(!filter.matches(chat), "\(conditions) pinned \(pinned) yet matches \(id)")
            }
        }
    }
}
