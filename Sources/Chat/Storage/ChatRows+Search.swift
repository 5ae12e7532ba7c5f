import Filters
import Store

/// The query of a page of `GET /chats?q=` (`Chats.search`): the chats table joined with the
/// search index's hits.
extension ChatRows {
    /// A chat found by a search, with its best entry's seq (0: the title) and its score.
    struct Hit {
        let chat: Chat
        let seq: Int64
        let score: Int64
    }

    /// The chats of website `websiteID` passing `condition` that have `hits` (`SearchRows.hits`),
    /// after `position` in its order: up to `limit + 1`, so that the caller knows whether more follow.
    static func searchPage(_ condition: SQLCondition, hits: (sql: String, bindings: [SQLValue]), websiteID: String,
                           position: SearchPosition, limit: Int, in database: Database) throws -> [Hit] {
        var sql = """
            SELECT \(columns), hits.seq, hits.score FROM (\(hits.sql)) AS hits JOIN chats ON chats.row = hits.chat
            WHERE chats.website_id = ? AND (\(condition.sql))
            """
        var bindings: [SQLValue] = hits.bindings + [.text(websiteID)] + condition.bindings
        switch position {
        case .order(let order, let after):
            let (direction, comparison) = order.descending ? ("DESC", "<") : ("ASC", ">")
            if let after {
                sql += " AND (chats.\(order.column) \(comparison) ? OR (chats.\(order.column) = ? AND chats.row \(comparison) ?))"
                bindings += [.integer(after.key), .integer(after.key), .integer(after.row)]
            }
            sql += " ORDER BY chats.\(order.column) \(direction), chats.row \(direction) LIMIT ?"
        case .relevance(let after):
            if let after {
                sql += """
                     AND (hits.score < ? OR (hits.score = ? AND (chats.last_activity_at < ?
                     OR (chats.last_activity_at = ? AND chats.row < ?))))
                    """
                bindings += [.integer(after.score), .integer(after.score), .integer(after.activity), .integer(after.activity),
                             .integer(after.row)]
            }
            sql += " ORDER BY hits.score DESC, chats.last_activity_at DESC, chats.row DESC LIMIT ?"
        }
        bindings.append(.integer(Int64(limit + 1)))
        return try database.queryAll(sql, bindings) { row in
            Hit(chat: try chat(row), seq: row.int(columnCount) ?? 0, score: row.int(columnCount + 1) ?? 0)
        }
    }

    /// How many columns `columns` names: the hit's columns follow them.
    static let columnCount = columns.split(separator: ",").count
}
