import Auth
import Filters
import JSON
import Store

/// The orders of `GET /chats` (contract §4); ties are broken by creation order, so a page
/// boundary never skips or repeats a chat.
public enum ChatOrder: String, Sendable, CaseIterable {
    case lastActivityDescending = "-last_activity_at"
    case lastActivityAscending = "last_activity_at"
    case createdDescending = "-created_at"
    case createdAscending = "created_at"
    case priorityDescending = "-priority"
    case priorityAscending = "priority"

    var descending: Bool { rawValue.hasPrefix("-") }

    func key(of chat: Chat) -> Int64 {
        switch self {
        case .lastActivityDescending, .lastActivityAscending: chat.lastActivityAt.milliseconds
        case .createdDescending, .createdAscending: chat.createdAt.milliseconds
        case .priorityDescending, .priorityAscending: Int64(chat.priority)
        }
    }
}

/// A position in a list: the sort key and row of the last chat of a page. Opaque to clients;
/// it carries no website and grants nothing, because every query is still limited to what the
/// viewer may see.
struct ChatCursor: Equatable {
    let order: ChatOrder
    let key: Int64
    let row: Int64

    var text: String { Base64URL.encode(Array("\(order.rawValue)|\(key)|\(row)".utf8)) }

    init(order: ChatOrder, key: Int64, row: Int64) {
        self.order = order
        self.key = key
        self.row = row
    }

    init(_ text: String, order: ChatOrder) throws(ChatError) {
        let invalid = ChatError.invalid(ValidationError(field: "cursor", message: "cursor is not a cursor of this list and order."))
        guard text.utf8.count <= 200, let bytes = Base64URL.decode(text) else { throw invalid }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == order.rawValue, let key = Int64(parts[1]), let row = Int64(parts[2]) else { throw invalid }
        self.init(order: order, key: key, row: row)
    }
}

/// One page of `GET /chats`; with `q`, each chat's `match` (contract §10).
public struct ChatPage: Sendable {
    public let chats: [(chat: Chat, unreadCount: Int, match: SearchMatch?)]
    public let nextCursor: String?
}

extension Chats {
    public static let defaultPageSize = 50
    public static let maxPageSize = 200

    /// The chats the viewer may see that match `filter`, in `order`, after `cursor`, in a fixed
    /// number of queries whatever the page size: for metadata filters a capped count per seekable
    /// condition, which chooses the plan; the page; then every unread count at once
    /// (`last_message` is stored on the chat row). With `search`, only chats holding its words,
    /// by default in order of relevance (`search(_:filter:order:cursor:limit:by:)`); without,
    /// by default the latest activity first.
    public func list(_ filter: ChatFilter, search: SearchQuery? = nil, order: ChatOrder?, cursor: String?, limit: Int,
                     by viewer: Viewer) async throws -> ChatPage {
        if let search { return try await self.search(search, filter: filter, order: order, cursor: cursor, limit: limit, by: viewer) }
        let order = order ?? .lastActivityDescending
        let position = try cursor.map { text throws(ChatError) in try ChatCursor(text, order: order) }
        let combined = viewer.visibility.and(filter)
        let websiteID = viewer.websiteID
        let principal = viewer.principal
        let includingNotes = viewer.seesNotes
        return try await store.read { database in
            let columns = FilterColumns.chatTables(database.dialect)
            let seeks = combined.metadataSeeks(websiteID: websiteID, columns: columns)
            let condition = combined.sql(websiteID: websiteID, columns: columns, seeking: try Self.chooseSeek(seeks, in: database))
            var chats = try ChatRows.page(condition, websiteID: websiteID, order: order, after: position, limit: limit, in: database)
            let hasMore = chats.count > limit
            if hasMore { chats.removeLast() }
            let unread = try ReadMarkRows.unreadCounts(of: chats, for: principal, includingNotes: includingNotes, in: database)
            let next = hasMore ? chats.last.map { ChatCursor(order: order, key: order.key(of: $0), row: $0.row).text } : nil
            return ChatPage(chats: chats.map { ($0, unread[$0.row] ?? 0, nil) }, nextCursor: next)
        }
    }

    /// A metadata seek that matches at least this many chats is not worth starting from: walking
    /// chats in list order and probing each finds a page sooner than collecting and sorting a
    /// third of a million matches, while a seek of a few hundred is cheaper than any walk.
    static let seekLimit = 1000

    /// Starts from the most selective metadata seek when it is under `seekLimit`, else walks. Each
    /// seek's matches are counted up to `seekLimit`: a few index steps each.
    static func chooseSeek(_ seeks: [(unit: Int, rows: SQLCondition)], in database: Database) throws -> ChatFilter.SeekChoice {
        guard !seeks.isEmpty else { return .all }
        var best: (unit: Int, count: Int64)?
        for seek in seeks {
            let count = try MetadataIndexTable.count(seek.rows, upTo: seekLimit, in: database)
            if best == nil || count < best!.count { best = (seek.unit, count) }
        }
        guard let best, best.count < seekLimit else { return .none }
        return .only(unit: best.unit)
    }

    /// One chat's unread count for the viewer, for answers about a single chat.
    public func unreadCount(of chat: Chat, by viewer: Viewer) async throws -> Int {
        let principal = viewer.principal
        let includingNotes = viewer.seesNotes
        return try await store.read { database in
            try ReadMarkRows.unreadCounts(of: [chat], for: principal, includingNotes: includingNotes, in: database)[chat.row] ?? 0
        }
    }
}
