import Auth
import Filters
import JSON
import Store

/// Where a chat matched a search (contract §10): its best message's `seq` (the newest that
/// matches; nil when only the title matched) and a snippet of that text around the hit.
public struct SearchMatch: Sendable, Equatable {
    public let seq: Int?
    public let snippet: String

    public init(seq: Int?, snippet: String) {
        self.seq = seq
        self.snippet = snippet
    }
}

/// A position in a list ordered by relevance: the last chat's score, activity and row.
struct RelevanceCursor: Equatable {
    let score: Int64
    let activity: Int64
    let row: Int64

    static let label = "relevance"

    var text: String { Base64URL.encode(Array("\(Self.label)|\(score)|\(activity)|\(row)".utf8)) }

    init(score: Int64, activity: Int64, row: Int64) {
        self.score = score
        self.activity = activity
        self.row = row
    }

    init(_ text: String) throws(ChatError) {
        let invalid = ChatError.invalid(ValidationError(field: "cursor", message: "cursor is not a cursor of this list and order."))
        guard text.utf8.count <= 200, let bytes = Base64URL.decode(text) else { throw invalid }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.label, let score = Int64(parts[1]), let activity = Int64(parts[2]),
              let row = Int64(parts[3]) else { throw invalid }
        self.init(score: score, activity: activity, row: row)
    }
}

extension Chats {
    /// `list` with `q`: the visible chats matching `filter` whose title or one of whose messages
    /// the viewer may read holds every word of `search`, each with its `SearchMatch`. Ordered by
    /// `order` when given, else by relevance: the number of the chat's entries (title, messages)
    /// that match, then the latest activity. Both are computed the same on every backend.
    func search(_ search: SearchQuery, filter: ChatFilter, order: ChatOrder?, cursor: String?, limit: Int,
                by viewer: Viewer) async throws -> ChatPage {
        let position: SearchPosition
        if let order {
            position = .order(order, try cursor.map { text throws(ChatError) in try ChatCursor(text, order: order) })
        } else {
            position = .relevance(try cursor.map { text throws(ChatError) in try RelevanceCursor(text) })
        }
        let combined = viewer.visibility.and(filter)
        let websiteID = viewer.websiteID
        let principal = viewer.principal
        let includingNotes = viewer.seesNotes
        return try await store.read { database in
            let columns = FilterColumns.chatTables(database.dialect)
            let seeks = combined.metadataSeeks(websiteID: websiteID, columns: columns)
            let condition = combined.sql(websiteID: websiteID, columns: columns, seeking: try Self.chooseSeek(seeks, in: database))
            let hits = try SearchRows.hits(search, includingNotes: includingNotes, in: database)
            var found = try ChatRows.searchPage(condition, hits: hits, websiteID: websiteID, position: position, limit: limit, in: database)
            let hasMore = found.count > limit
            if hasMore { found.removeLast() }
            let chats = found.map(\.chat)
            let unread = try ReadMarkRows.unreadCounts(of: chats, for: principal, includingNotes: includingNotes, in: database)
            let texts = try MessageRows.texts(of: found.filter { $0.seq > 0 }.map { ($0.chat.row, $0.seq) }, in: database)
            var next: String?
            if hasMore, let last = found.last {
                switch position {
                case .order(let order, _): next = ChatCursor(order: order, key: order.key(of: last.chat), row: last.chat.row).text
                case .relevance: next = RelevanceCursor(score: last.score, activity: last.chat.lastActivityAt.milliseconds, row: last.chat.row).text
                }
            }
            return ChatPage(chats: found.map { hit in
                let text = hit.seq > 0 ? texts[MessageKey(chat: hit.chat.row, seq: hit.seq)] ?? "" : hit.chat.title
                let match = SearchMatch(seq: hit.seq > 0 ? Int(hit.seq) : nil, snippet: SearchSnippet.make(from: text, for: search))
                return (hit.chat, unread[hit.chat.row] ?? 0, match)
            }, nextCursor: next)
        }
    }
}

/// Where a page of search results starts: after a cursor of one of the list orders, or of the
/// relevance order.
enum SearchPosition {
    case order(ChatOrder, ChatCursor?)
    case relevance(RelevanceCursor?)
}

/// A message by its chat's row and its seq.
struct MessageKey: Hashable {
    let chat: Int64
    let seq: Int64
}

extension SearchMatch {
    /// Adds `"match":{"seq","snippet"}` to a chat's JSON just encoded at the end of `buffer`.
    public func encode(intoChat buffer: inout [UInt8]) {
        buffer.removeLast()  // the chat's closing brace
        buffer.append(contentsOf: #","match":{"seq":"#.utf8)
        if let seq { JSONEncoding.appendInteger(seq, to: &buffer) } else { buffer.append(contentsOf: "null".utf8) }
        buffer.append(contentsOf: #","snippet":"#.utf8)
        JSONEncoding.appendString(snippet, to: &buffer)
        buffer.append(contentsOf: "}}".utf8)
    }
}
