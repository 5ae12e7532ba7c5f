import JSON
import Testing
@testable import Filters

/// Integers compare exactly over the whole 64-bit range, in SQL, in memory and in scopes
/// (contract §6). Through doubles, `1234567890123456789` and `1234567890123456790` were one
/// project, and an agent scoped to one could list, read, post into and move chats of the other.
@Suite struct ExactIntegerTests {
    static let chats = [
        chat("p789", ["project_id": .int(1_234_567_890_123_456_789)]),
        chat("p790", ["project_id": .int(1_234_567_890_123_456_790)]),
        chat("p789s", ["project_id": "1234567890123456789"]),
        chat("double", ["project_id": .double(1.2345678901234568e18)]),  // exactly 1234567890123456768
        chat("tags", ["project_id": ["x", .int(1_234_567_890_123_456_790)]]),
        chat("max", ["project_id": .int(Int.max)]),
        chat("max-1", ["project_id": .int(Int.max - 1)]),
        chat("2^63", ["project_id": .double(0x1p63)]),
        chat("2^53+1", ["project_id": .int(9_007_199_254_740_993)]),
        chat("2^53", ["project_id": .double(0x1p53)]),
    ]

    @Test func equalityTellsNeighboursApart() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__project_id=1234567890123456789", selects: ["p789", "p789s"])
            try await chats.expect("metadata__project_id=1234567890123456790", selects: ["p790"])
            try await chats.expect("metadata__project_id=1234567890123456768", selects: ["double"])
            try await chats.expect("metadata__project_id=1.2345678901234568e18", selects: ["double"])
            try await chats.expect("metadata__project_id__in=1234567890123456789,9007199254740993", selects: ["p789", "p789s", "2^53+1"])
            try await chats.expect("metadata__project_id=9007199254740992", selects: ["2^53"])
            try await chats.expect("metadata__project_id=9223372036854775807", selects: ["max"])
            try await chats.expect("metadata__project_id=9223372036854775808", selects: ["2^63"])
            try await chats.expect("metadata__project_id__contains=1234567890123456790", selects: ["tags"])
            try await chats.expect(try ChatFilter(json: ["metadata__project_id": .int(1_234_567_890_123_456_790)]), selects: ["p790"])
        }
    }

    @Test func rangesOrderNeighboursExactly() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__project_id__gt=1234567890123456789&metadata__project_id__lt=1234567890123456791",
                                   selects: ["p790"])
            try await chats.expect("metadata__project_id__gte=1234567890123456768&metadata__project_id__lte=1234567890123456789",
                                   selects: ["double", "p789", "p789s"])
            try await chats.expect("metadata__project_id__gt=9223372036854775806", selects: ["max", "2^63"])
            try await chats.expect("metadata__project_id__gt=9223372036854775807", selects: ["2^63"])
            try await chats.expect("metadata__project_id__gt=9007199254740992&metadata__project_id__lt=9007199254740994",
                                   selects: ["2^53+1"])
        }
    }

    @Test func aScopeOnOneProjectDoesNotSeeItsNeighbour() async throws {
        let scope = try ChatFilter(scope: ["metadata": ["project_id": .int(1_234_567_890_123_456_789)]])
        try await withChats(Self.chats) { chats in
            try await chats.expect(scope, selects: ["p789", "p789s"])
        }
        #expect(!scope.matches(chat("x", ["project_id": .int(1_234_567_890_123_456_790)])))
    }

    @Test(arguments: [
        (ExactNumber.integer(1_234_567_890_123_456_789), ExactNumber.double(1.2345678901234568e18), Comparison.Order.after),
        (.integer(9_007_199_254_740_993), .double(0x1p53), .after),
        (.integer(9_007_199_254_740_992), .double(0x1p53), .same),
        (.integer(Int64.max), .double(0x1p63), .before),
        (.integer(Int64.min), .double(-0x1p63), .same),
        (.integer(Int64.min), .double(-0x1p64), .after),
        (.integer(2), .double(2.5), .before),
        (.integer(-2), .double(-2.5), .after),
        (.integer(0), .double(-0.0), .same),
        (.double(1e300), .integer(Int64.max), .after),
        (.integer(5), .integer(6), .before),
    ])
    func ordersAreExact(lhs: ExactNumber, rhs: ExactNumber, expected: Comparison.Order) {
        #expect(lhs.order(relativeTo: rhs) == expected)
        #expect(rhs.order(relativeTo: lhs) == expected.reversed)
    }

    @Test func queryTextReadsIntegersExactly() {
        #expect(NumericText.value(of: "1234567890123456789") == .integer(1_234_567_890_123_456_789))
        #expect(NumericText.value(of: "-9223372036854775808") == .integer(Int64.min))
        guard case .double(let beyond)? = NumericText.value(of: "9223372036854775808") else {
            Issue.record("2^63 is beyond Int64 and read as a double")
            return
        }
        #expect(beyond == 0x1p63)
        guard case .double? = NumericText.value(of: "1e3") else {
            Issue.record("an exponent makes a double")
            return
        }
    }
}
