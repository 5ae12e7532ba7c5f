import SQLiteStore
import Chat
import JSON
import Store
import Testing
@testable import Filters

/// Filters are data: keys never reach SQL text, values are bound and match literally.
@Suite struct HostileInputTests {
    static let chats = [
        chat("quote", ["note": "it's"]),
        chat("dashes", ["note": "a -- b"]),
        chat("percent", ["note": "100%"]),
        chat("underscore", ["note": "a_b"]),
        chat("plain", ["note": "100 abc"]),
        chat("injection", ["note": "'; DROP TABLE chats; --"]),
        chat("array", ["note": ["%", "_"]]),
    ]

    @Test func valuesMatchLiterally() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect(try ChatFilter(parameters: [("metadata__note", "it's")]), selects: ["quote"])
            try await chats.expect(try ChatFilter(parameters: [("metadata__note__contains", "'")]), selects: ["quote", "injection"])
            try await chats.expect(try ChatFilter(parameters: [("metadata__note__contains", "--")]), selects: ["dashes", "injection"])
            // Neither % nor _ is a wildcard.
            try await chats.expect(try ChatFilter(parameters: [("metadata__note__contains", "%")]), selects: ["percent", "array"])
            try await chats.expect(try ChatFilter(parameters: [("metadata__note__contains", "_")]), selects: ["underscore", "array"])
            try await chats.expect(try ChatFilter(parameters: [("metadata__note__icontains", "A_B")]), selects: ["underscore"])
            try await chats.expect(try ChatFilter(parameters: [("metadata__note__icontains", "0%")]), selects: ["percent"])
            try await chats.expect(try ChatFilter(parameters: [("metadata__note", "'; DROP TABLE chats; --")]), selects: ["injection"])
            try await chats.expect(try ChatFilter(parameters: [("metadata__note__in", "x') OR 1=1 --,it's")]), selects: ["quote"])
            try await chats.expect(try ChatFilter(parameters: [("chat_id", "x' OR '1'='1")]), selects: [])
            try await chats.expect(try ChatFilter(parameters: [("assignee_id", "' OR 1=1 --")]), selects: [])
            let count = try await chats.store.read { try $0.queryOne("SELECT count(*) FROM chats") { $0.int(0) } }
            #expect(count == Int64(Self.chats.count * 2))
        }
    }

    @Test func sqlTextHoldsNoValueAndNoKey() throws {
        let filter = try ChatFilter(parameters: [
            ("metadata__secret_key__contains", "'; DROP TABLE chats; --"),
            ("metadata__secret_key__sub", "value-one"),
            ("metadata__secret_key__in", "value-two,3"),
            ("metadata__secret_key__gt", "value-three"),
            ("metadata__secret_key__icontains", "value-four"),
            ("metadata__secret_key__isnull", "true"),
            ("assignee_id", "value-five"),
        ])
        let condition = filter.sql(websiteID: "ws_'--", columns: .chatTables(.sqlite))
        for fragment in ["DROP", "secret", "value", "ws_", "'"] {
            #expect(!condition.sql.contains(fragment), "\(fragment) in \(condition.sql)")
        }
        #expect(condition.bindings.contains(.text("secret_key.sub")))
        #expect(condition.bindings.contains(.text("'; DROP TABLE chats; --")))
        #expect(condition.sql.count { $0 == "?" } == condition.bindings.count)
    }

    @Test func sqlTextDependsOnlyOnTheFilterShape() throws {
        let one = try ChatFilter(parameters: [("metadata__a__b", "x"), ("status__in", "open,closed"), ("metadata__c__contains", "1")])
        let other = try ChatFilter(parameters: [("metadata__zz__y", "y"), ("status__in", "pending,resolved"), ("metadata__d__contains", "2")])
        #expect(one.sql(websiteID: "ws_1", columns: .chatTables(.sqlite)).sql == other.sql(websiteID: "ws_2", columns: .chatTables(.sqlite)).sql)
    }

    @Test func decomposedLettersCompareByBytes() async throws {
        let chats = [
            chat("composed", ["s": "\u{E9}"]),
            chat("decomposed", ["s": "e\u{301}"]),
        ]
        try await withChats(chats) { database in
            // Swift calls these two strings equal; SQLite and the filters do not.
            try await database.expect(try ChatFilter(json: ["metadata__s": "\u{E9}"]), selects: ["composed"])
            try await database.expect(try ChatFilter(json: ["metadata__s": "e\u{301}"]), selects: ["decomposed"])
            try await database.expect(try ChatFilter(json: ["metadata__s__gt": "e\u{301}"]), selects: ["composed"])
        }
    }

    @Test func extremeNumbersStayNumbers() async throws {
        let chats = [
            chat("max", ["n": .int(Int.max)]),
            chat("min", ["n": .int(Int.min)]),
            chat("huge", ["n": 1e308]),
            chat("tiny", ["n": .double(.leastNonzeroMagnitude)]),
            chat("negativeZero", ["n": -0.0]),
            chat("infinite", ["n": .double(.infinity)]),
        ]
        try await withChats(chats) { database in
            try await database.expect("metadata__n=9223372036854775807", selects: ["max"])
            try await database.expect("metadata__n__lt=-9223372036854775000", selects: ["min"])
            try await database.expect("metadata__n__gte=1e308", selects: ["huge"])
            try await database.expect("metadata__n__gt=0", selects: ["max", "huge", "tiny"])
            try await database.expect("metadata__n=0", selects: ["negativeZero"])
            // JSON cannot hold infinity: it is stored, indexed and filtered as null.
            try await database.expect("metadata__n=null", selects: ["infinite"])
            try await database.expect("metadata__n__isnull=true", selects: ["infinite"])
        }
    }
}
