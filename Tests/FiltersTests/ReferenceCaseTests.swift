import SQLiteStore
import Chat
import JSON
import Testing
@testable import Filters

/// The cases of the original Django app, each checked through SQL and in memory.
@Suite struct ReferenceCaseTests {
    static let chats = [
        chat("c1", ["project_id": 123, "team": "support", "score": 10, "owner": ["team": "core"], "tags": ["vip", "new"]]),
        chat("c2", ["project_id": "123", "team": "sales", "score": 5, "owner": ["team": "web"]]),
        chat("c3", ["project_id": 456, "team": "support", "score": 20, "tags": ["old"]]),
        chat("c4", [:]),
        chat("c5", ["project_id": 123, "score": 7.5], isArchived: true),
    ]

    @Test func singleMetadataField() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__project_id=456", selects: ["c3"])
        }
    }

    @Test func numberEqualityAlsoFindsTheNumberWrittenAsAString() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__project_id=123", selects: ["c1", "c2", "c5"])
            // Over the WebSocket a string is read like query text (contract §6): the same three.
            try await chats.expect(try ChatFilter(json: ["metadata__project_id": "123"]), selects: ["c1", "c2", "c5"])
        }
    }

    @Test func multipleFieldsAreANDed() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__project_id=123&metadata__team=support", selects: ["c1"])
            try await chats.expect("metadata__team=support&metadata__score__gt=10", selects: ["c3"])
        }
    }

    @Test func rangesOnANumber() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__score__gte=5&metadata__score__lte=10", selects: ["c1", "c2", "c5"])
            try await chats.expect("metadata__score__gt=5&metadata__score__lt=10", selects: ["c5"])
        }
    }

    @Test func andWithIsArchived() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__project_id=123&is_archived=false", selects: ["c1", "c2"])
            try await chats.expect("metadata__project_id=123&is_archived=true", selects: ["c5"])
        }
    }

    @Test func nestedKeys() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__owner__team=core", selects: ["c1"])
            try await chats.expect("metadata__owner__team__in=core,web", selects: ["c1", "c2"])
        }
    }

    @Test func chatWithEmptyMetadataMatchesOnlyAbsence() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__project_id__isnull=true", selects: ["c4"])
            try await chats.expect("metadata__project_id__isnull=false", selects: ["c1", "c2", "c3", "c5"])
            try await chats.expect("metadata__owner__team__isnull=true", selects: ["c3", "c4", "c5"])
        }
    }

    @Test func arraysWithContains() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("metadata__tags__contains=vip", selects: ["c1"])
            try await chats.expect("metadata__tags__contains=vi", selects: [])
            try await chats.expect("metadata__team__contains=port", selects: ["c1", "c3"])
        }
    }

    @Test func noFilterSelectsEveryChatOfTheWebsiteOnly() async throws {
        try await withChats(Self.chats) { chats in
            #expect(ChatFilter.all.sql(websiteID: website, columns: .chatTables(.sqlite)) == SQLCondition(sql: "TRUE", bindings: []))
            try await chats.expect(.all, selects: ["c1", "c2", "c3", "c4", "c5"])
        }
    }
}
