import JSON
import Testing
@testable import Filters

/// Every lookup on every kind of metadata value, through SQL and in memory.
@Suite struct MetadataLookupTests {
    static let chats = [
        chat("int", ["v": 10]),
        chat("float", ["v": -1.5]),
        chat("numstr", ["v": "10"]),
        chat("expstr", ["v": "1e1"]),
        chat("zeros", ["v": "007"]),
        chat("text", ["v": "Hello World"]),
        chat("lower", ["v": "hello"]),
        chat("unicode", ["v": "Ärger"]),
        chat("true", ["v": true]),
        chat("false", ["v": false]),
        chat("null", ["v": nil]),
        chat("array", ["v": ["red", 10, "Blue", true, nil, ["nested"], ["k": "red"]]]),
        chat("object", ["v": ["w": "deep"]]),
        chat("missing", ["other": 1]),
    ]

    @Test func equality() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__v=10", selects: ["int", "numstr", "expstr"])
            try await chats.expect("metadata__v=1e1", selects: ["int", "numstr", "expstr"])
            try await chats.expect("metadata__v=-1.5", selects: ["float"])
            try await chats.expect("metadata__v=007", selects: ["zeros"])
            try await chats.expect("metadata__v=7", selects: [])
            try await chats.expect("metadata__v=hello", selects: ["lower"])
            try await chats.expect("metadata__v=true", selects: ["true"])
            try await chats.expect("metadata__v=false", selects: ["false"])
            try await chats.expect("metadata__v=null", selects: ["null"])
            try await chats.expect("metadata__v=red", selects: [])
            try await chats.expect("metadata__v__w=deep", selects: ["object"])
        }
    }

    @Test func ranges() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__v__gt=0", selects: ["int", "numstr", "expstr"])
            try await chats.expect("metadata__v__gte=10", selects: ["int", "numstr", "expstr"])
            try await chats.expect("metadata__v__lt=0", selects: ["float"])
            try await chats.expect("metadata__v__lte=-1.5", selects: ["float"])
            // A string bound compares strings by their bytes: "Ä" (C3 84) sorts after every ASCII letter.
            try await chats.expect("metadata__v__gt=hello", selects: ["unicode"])
            try await chats.expect("metadata__v__gte=hello", selects: ["lower", "unicode"])
            try await chats.expect("metadata__v__lt=H", selects: ["numstr", "expstr", "zeros"])
            try await chats.expect("metadata__v__lte=Hello World", selects: ["numstr", "expstr", "zeros", "text"])
        }
    }

    @Test func contains() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__v__contains=llo", selects: ["text", "lower"])
            try await chats.expect("metadata__v__contains=Hello", selects: ["text"])
            try await chats.expect("metadata__v__contains=red", selects: ["array"])
            try await chats.expect("metadata__v__contains=re", selects: [])
            // A number is found as an equal element and as text inside strings.
            try await chats.expect("metadata__v__contains=10", selects: ["array", "numstr"])
            try await chats.expect("metadata__v__contains=0", selects: ["numstr", "zeros"])
            try await chats.expect("metadata__v__contains=true", selects: ["array"])
            try await chats.expect("metadata__v__contains=null", selects: ["array"])
            try await chats.expect("metadata__v__contains=nested", selects: [])
            try await chats.expect("metadata__v__contains=", selects: ["numstr", "expstr", "zeros", "text", "lower", "unicode"])
        }
    }

    @Test func containsIgnoringCase() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__v__icontains=HELLO", selects: ["text", "lower"])
            try await chats.expect("metadata__v__icontains=blue", selects: ["array"])
            try await chats.expect("metadata__v__icontains=RED", selects: ["array"])
            // Only ASCII letters fold, as in SQLite without ICU: "ä" does not find "Ä".
            try await chats.expect("metadata__v__icontains=ÄRGER", selects: ["unicode"])
            try await chats.expect("metadata__v__icontains=ärger", selects: [])
            try await chats.expect("metadata__v__icontains=TRUE", selects: [])
        }
    }

    @Test func oneOf() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__v__in=10,hello,true,null", selects: ["int", "numstr", "expstr", "lower", "true", "null"])
            try await chats.expect("metadata__v__in=-1.5", selects: ["float"])
            try await chats.expect("metadata__v__in=red,Blue", selects: [])
            try await chats.expect("metadata__v__w__in=deep,shallow", selects: ["object"])
        }
    }

    @Test func isNull() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__v__isnull=true", selects: ["null", "missing"])
            try await chats.expect(
                "metadata__v__isnull=false",
                selects: Set(Self.chats.map(\.id)).subtracting(["null", "missing"])
            )
            try await chats.expect("metadata__v__w__isnull=false", selects: ["object"])
            // Arrays are not walked into.
            try await chats.expect("metadata__v__k__isnull=true", selects: Set(Self.chats.map(\.id)))
        }
    }

    @Test func lastPartIsALookupOnlyWhenItNamesOne() throws {
        let filter = try ChatFilter(parameters: [
            ("metadata__in__in", "1"), ("metadata__exact", "x"), ("metadata__a-b__gte", "x"), ("metadata__gt__b", "x"),
        ])
        #expect(filter.conditions == [
            .metadata(try #require(MetadataPath(keys: ["in"])), .oneOf([.number(1, text: "1")])),
            .metadata(try #require(MetadataPath(keys: ["exact"])), .equals(.string("x"))),
            .metadata(try #require(MetadataPath(keys: ["a-b"])), .compare(.greaterThanOrEqual, .string("x"))),
            .metadata(try #require(MetadataPath(keys: ["gt", "b"])), .equals(.string("x"))),
        ])
    }

    @Test(arguments: [
        ("123", FilterValue.number(123, text: "123")),
        ("-1.5", .number(-1.5, text: "-1.5")),
        ("1e3", .number(1000, text: "1e3")),
        ("-0", .number(0, text: "-0")),
        ("1E+2", .number(100, text: "1E+2")),
        ("007", .string("007")),
        ("1.", .string("1.")),
        (".5", .string(".5")),
        ("+1", .string("+1")),
        (" 1", .string(" 1")),
        ("0x10", .string("0x10")),
        ("1e999", .string("1e999")),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("null", .null),
        ("True", .string("True")),
        ("", .string("")),
    ])
    func queryValuesAreTypedByTheirText(text: String, expected: FilterValue) {
        #expect(FilterValue(queryText: text) == expected)
    }
}
