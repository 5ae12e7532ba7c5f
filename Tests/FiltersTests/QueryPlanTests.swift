import SQLiteStore
import StoreTestSupport
import Chat
import JSON
import Store
import Testing
@testable import Filters

/// Equality, ranges and `in` on metadata are index seeks, not scans of the index table: read from
/// SQLite's plans (PostgreSQL's planner is shown by the list benchmark at a million chats instead).
@Suite struct QueryPlanTests {
    static func plan(of query: String, in database: ChatDatabase) async throws -> [String] {
        let filter = try ChatFilter(parameters: parameters(query))
        let condition = filter.sql(websiteID: website, columns: .chatTables(.sqlite))
        return try await database.store.read { connection in
            try connection.queryAll(
                "EXPLAIN QUERY PLAN SELECT id FROM chats WHERE chats.website_id = ? AND (\(condition.sql))",
                [.text(website)] + condition.bindings
            ) { $0.string(3) ?? "" }
        }
    }

    static let chats = (0..<50).map { index in
        chat("c\(index)", ["project_id": .int(index % 7), "team": .string("t\(index % 3)"), "tags": ["a", .string("t\(index)")]])
    }

    @Test(arguments: [
        ("metadata__project_id=3", "chat_metadata_by_number"),
        ("metadata__project_id__gte=3", "chat_metadata_by_number"),
        ("metadata__project_id__lt=3&metadata__project_id__gt=1", "chat_metadata_by_number"),
        ("metadata__project_id__in=1,2,3", "chat_metadata_by_number"),
        ("metadata__team=t1", "chat_metadata_by_string"),
        ("metadata__team__gt=t1", "chat_metadata_by_string"),
        ("metadata__team__in=t1,t2", "chat_metadata_by_string"),
        ("metadata__team__in=t1,null,true", "chat_metadata_by_string"),
    ])
    func seeksAValueIndex(query: String, index: String) async throws {
        try await withChats(Self.chats, on: .sqlite) { database in
            let plan = try await Self.plan(of: query, in: database)
            let metadataSteps = plan.filter { $0.contains("chat_metadata") }
            #expect(!metadataSteps.isEmpty, "\(plan)")
            #expect(metadataSteps.allSatisfy { $0.hasPrefix("SEARCH") }, "\(plan)")
            #expect(metadataSteps.contains { $0.contains("USING COVERING INDEX \(index) (website_id=? AND path=? AND kind=?") }, "\(plan)")
        }
    }

    @Test(arguments: ["metadata__tags__contains=a", "metadata__team__icontains=T", "metadata__team__isnull=true"])
    func candidateTestsProbeOneChatsRows(query: String) async throws {
        try await withChats(Self.chats, on: .sqlite) { database in
            let plan = try await Self.plan(of: query, in: database)
            let metadataSteps = plan.filter { $0.contains("chat_metadata") }
            #expect(!metadataSteps.isEmpty, "\(plan)")
            #expect(metadataSteps.allSatisfy { $0.hasPrefix("SEARCH") && $0.contains("chat_metadata_by_chat (chat=? AND path=?)") }, "\(plan)")
        }
    }

    @Test(arguments: ["metadata__project_id__gte=2&metadata__project_id__lte=4", "metadata__team__gt=t0&metadata__team__lt=t2"])
    func boundsOnOnePathAreOneSeek(query: String) async throws {
        try await withChats(Self.chats, on: .sqlite) { database in
            let plan = try await Self.plan(of: query, in: database)
            let metadataSteps = plan.filter { $0.contains("chat_metadata") }
            #expect(metadataSteps.count == 1, "\(plan)")
            #expect(metadataSteps.first?.contains(">? AND ") == true && metadataSteps.first?.contains("<?)") == true, "\(plan)")
            try await database.expect(try ChatFilter(parameters: parameters(query)),
                                      selects: Set(Self.chats.filter(try ChatFilter(parameters: parameters(query)).matches).map(\.id)))
        }
    }
}
