@testable import Chat
import StoreTestSupport
import Glibc
import JSON
import Store
import Testing
import TestSupport
@testable import Filters

let website = "ws_test"


/// A real store of the backend under test (`TestBackend`) with the chat domain's schema, holding
/// `chats` (in `website`, plus a copy of each in another website that no filter may ever return),
/// open while `body` runs.
func withChats<R>(_ chats: [FilterableChat], on backend: TestBackend = .current,
                  _ body: (ChatDatabase) async throws -> R) async throws -> R {
    try await withChatStore(on: backend) { store in
        try await store.write { database in
            for id in [website, "ws_other"] {
                try database.run("INSERT INTO websites (id, name, allowed_origins, widget, secret, created_at, updated_at) VALUES (?, '', '[]', '{}', '', 0, 0)",
                                 [.text(id)])
            }
            for chat in chats {
                try insert(chat, website: website, into: database)
                var stranger = chat
                stranger.id = "other_" + chat.id
                try insert(stranger, website: "ws_other", into: database)
            }
        }
        return try await body(ChatDatabase(store: store, chats: chats))
    }
}

@Sendable func insert(_ chat: FilterableChat, website: String, into database: Database) throws {
    let row = try database.queryOne(
        """
        INSERT INTO chats(id, website_id, title, status, priority, is_archived, visitor_id, assignee_id,
                          metadata, created_at, updated_at, last_activity_at, message_count, rating, rated_at)
        VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING row
        """,
        [
            .text(chat.id), .text(website), .text(chat.status), .integer(Int64(chat.priority)),
            .integer(chat.isArchived ? 1 : 0), chat.visitorID.map(SQLValue.text) ?? .null,
            chat.assigneeID.map(SQLValue.text) ?? .null, .text(JSONValue.object(chat.metadata).jsonText),
            .integer(chat.createdAt), .integer(chat.updatedAt), .integer(chat.lastActivityAt),
            chat.rating.map { .integer(Int64($0)) } ?? .null, chat.rating == nil ? .null : .integer(chat.updatedAt),
        ],
        map: { $0.int(0) ?? 0 }
    ) ?? 0
    try MetadataIndexTable.write(chatRow: row, websiteID: website, metadata: chat.metadata, in: database)
}

/// The chats of a test, both in SQLite and in memory.
struct ChatDatabase {
    let store: any Store
    let chats: [FilterableChat]

    /// Ids of the chats the compiled SQL selects.
    func idsBySQL(_ filter: ChatFilter) async throws -> Set<String> {
        try await store.read { database in try selectIDs(filter, in: database) }
    }

    /// Ids of the chats the in-memory evaluator accepts.
    func idsInMemory(_ filter: ChatFilter) -> Set<String> {
        Set(chats.filter(filter.matches).map(\.id))
    }

    /// Checks that SQL and memory both select exactly `expected`.
    func expect(
        _ filter: ChatFilter,
        selects expected: Set<String>,
        _ comment: Comment? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let bySQL = try await idsBySQL(filter)
        #expect(bySQL == expected, "SQL \(comment.map { "(\($0))" } ?? "")", sourceLocation: sourceLocation)
        #expect(idsInMemory(filter) == expected, "memory \(comment.map { "(\($0))" } ?? "")", sourceLocation: sourceLocation)
    }

    /// Parses `query` (`name=value&...`, no percent-encoding) and checks both selections.
    func expect(
        _ query: String,
        selects expected: Set<String>,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let filter = try ChatFilter(parameters: parameters(query))
        try await expect(filter, selects: expected, Comment(rawValue: query), sourceLocation: sourceLocation)
    }
}

/// The chats the compiled SQL selects. Every plan (all seeks, none, or each one alone) must select
/// the same ones; a disagreement is reported as a sentinel set that no expectation accepts.
@Sendable func selectIDs(_ filter: ChatFilter, in database: Database) throws -> Set<String> {
    var selections: [Set<String>] = []
    let columns = FilterColumns.chatTables(database.dialect)
    let choices: [ChatFilter.SeekChoice] = [.all, .none] + filter.metadataSeeks(websiteID: website, columns: columns).map { .only(unit: $0.unit) }
    for seeking in choices {
        let condition = filter.sql(websiteID: website, columns: columns, seeking: seeking)
        let ids = try database.queryAll(
            "SELECT id FROM chats WHERE chats.website_id = ? AND (\(condition.sql))",
            [.text(website)] + condition.bindings
        ) { $0.string(0) ?? "" }
        selections.append(Set(ids))
    }
    return selections.allSatisfy { $0 == selections[0] } ? selections[0] : ["the plans disagree"]
}

/// `a=1&b=2` as parameters, in order.
func parameters(_ query: String) -> [(name: String, value: String)] {
    query.split(separator: "&").map { pair in
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }
}

/// A chat with ordinary standard fields and the given metadata.
func chat(
    _ id: String,
    _ metadata: JSONObject = [:],
    status: String = "open",
    priority: Int = 0,
    isArchived: Bool = false,
    visitorID: String? = nil,
    assigneeID: String? = nil,
    createdAt: Int64 = 1_795_341_600_000
) -> FilterableChat {
    FilterableChat(
        id: id, status: status, priority: priority, isArchived: isArchived, visitorID: visitorID,
        assigneeID: assigneeID, createdAt: createdAt, updatedAt: createdAt, lastActivityAt: createdAt,
        metadata: metadata
    )
}

/// The error parsing `query` throws, if any.
func filterError(_ query: [(name: String, value: String)]) -> FilterError? {
    do {
        _ = try ChatFilter(parameters: query)
        return nil
    } catch {
        return error
    }
}
