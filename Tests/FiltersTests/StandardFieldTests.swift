import JSON
import Testing
@testable import Filters

/// Every lookup of every standard field, through SQL and in memory.
@Suite struct StandardFieldTests {
    static let chats = [
        chat("a", status: "open", priority: 0, visitorID: "v1", assigneeID: "u1", createdAt: 1_795_341_600_000),
        chat("b", status: "pending", priority: 2, isArchived: true, visitorID: "v2", assigneeID: "123", createdAt: 1_795_341_600_500),
        chat("c", status: "resolved", priority: 4, visitorID: nil, assigneeID: nil, createdAt: 1_795_345_200_000),
        chat("d", status: "closed", priority: 3, visitorID: "v1", assigneeID: "u2", createdAt: 1_709_251_199_000),
    ]

    @Test func status() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("status=open", selects: ["a"])
            try await chats.expect("status__in=pending,closed", selects: ["b", "d"])
            try await chats.expect("status=open&status=pending", selects: [])
        }
    }

    @Test func priority() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("priority=2", selects: ["b"])
            try await chats.expect("priority__in=0,4", selects: ["a", "c"])
            try await chats.expect("priority__gt=2", selects: ["c", "d"])
            try await chats.expect("priority__gte=2", selects: ["b", "c", "d"])
            try await chats.expect("priority__lt=2", selects: ["a"])
            try await chats.expect("priority__lte=2", selects: ["a", "b"])
            try await chats.expect("priority__gt=-10", selects: ["a", "b", "c", "d"])
            try await chats.expect("priority__lt=100000000000000000000", selects: ["a", "b", "c", "d"])
        }
    }

    @Test func isArchived() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("is_archived=true", selects: ["b"])
            try await chats.expect("is_archived=false", selects: ["a", "c", "d"])
        }
    }

    @Test func assigneeAndVisitor() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("assignee_id=u1", selects: ["a"])
            // An id that looks like a number is still the id.
            try await chats.expect("assignee_id=123", selects: ["b"])
            try await chats.expect("assignee_id=null", selects: ["c"])
            try await chats.expect("assignee_id__in=u2,null", selects: ["c", "d"])
            try await chats.expect("assignee_id__in=u1,123", selects: ["a", "b"])
            try await chats.expect("assignee_id__isnull=true", selects: ["c"])
            try await chats.expect("assignee_id__isnull=false", selects: ["a", "b", "d"])
            try await chats.expect("visitor_id=v1", selects: ["a", "d"])
            try await chats.expect("visitor_id__in=v2", selects: ["b"])
            try await chats.expect("visitor_id__isnull=true", selects: ["c"])
            try await chats.expect("visitor_id=null", selects: ["c"])
        }
    }

    @Test func chatID() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("chat_id=c", selects: ["c"])
            try await chats.expect("chat_id__in=a,d,zzz", selects: ["a", "d"])
        }
    }

    @Test func times() async throws {
        try await withChats(Self.chats) { chats in
            try await chats.expect("created_at=2026-11-22T10:00:00Z", selects: ["a"])
            try await chats.expect("created_at=2026-11-22T10:00:00.500Z", selects: ["b"])
            try await chats.expect("created_at__gt=2026-11-22T10:00:00Z", selects: ["b", "c"])
            try await chats.expect("created_at__gte=2026-11-22T12:00:00+02:00", selects: ["a", "b", "c"])
            try await chats.expect("created_at__lt=2026-11-22T10:00:00.5Z", selects: ["a", "d"])
            try await chats.expect("created_at__lte=2024-02-29T23:59:59Z", selects: ["d"])
            try await chats.expect("updated_at__gte=2026-11-22T11:00:00Z", selects: ["c"])
            try await chats.expect("last_activity_at__lt=2025-01-01T00:00:00Z", selects: ["d"])
        }
    }

    @Test func parsedIntoTypedConditions() throws {
        let filter = try ChatFilter(parameters: parameters(
            "status=open&priority__gte=2&is_archived=false&assignee_id=null&visitor_id__isnull=true&chat_id__in=a,b&created_at__lt=1970-01-01T00:00:01Z"
        ))
        #expect(filter.conditions == [
            .field(.status, .equals(.string("open"))),
            .field(.priority, .compare(.greaterThanOrEqual, 2)),
            .field(.isArchived, .equals(.bool(false))),
            .field(.assigneeID, .equals(.null)),
            .field(.visitorID, .isNull(true)),
            .field(.chatID, .oneOf([.string("a"), .string("b")])),
            .field(.createdAt, .compare(.lessThan, 1000)),
        ])
    }
}
