import Filters
import Store

/// The query of a page of `GET /chats` (`Chats.list`) on the `chats` table.
extension ChatRows {
    /// The chats of website `websiteID` passing `condition` (a filter compiled against
    /// `FilterColumns.chatTables`), in `order` after `position`: up to `limit + 1`, so that the
    /// caller knows whether more follow.
    static func page(_ condition: SQLCondition, websiteID: String, order: ChatOrder, after position: ChatCursor?, limit: Int,
                     in database: Database) throws -> [Chat] {
        let (sql, bindings) = pageQuery(condition, websiteID: websiteID, order: order, after: position, limit: limit)
        return try database.queryAll(sql, bindings, map: chat)
    }

    static func pageQuery(_ condition: SQLCondition, websiteID: String, order: ChatOrder, after position: ChatCursor?,
                          limit: Int) -> (String, [SQLValue]) {
        let direction = order.descending ? "DESC" : "ASC"
        let comparison = order.descending ? "<" : ">"
        var sql = "SELECT \(columns) FROM chats WHERE chats.website_id = ? AND (\(condition.sql))"
        var bindings: [SQLValue] = [.text(websiteID)] + condition.bindings
        if let position {
            sql += " AND (chats.\(order.column) \(comparison) ? OR (chats.\(order.column) = ? AND chats.row \(comparison) ?))"
            bindings += [.integer(position.key), .integer(position.key), .integer(position.row)]
        }
        sql += " ORDER BY chats.\(order.column) \(direction), chats.row \(direction) LIMIT ?"
        bindings.append(.integer(Int64(limit + 1)))
        return (sql, bindings)
    }
}

extension ChatOrder {
    /// The `chats` column of the order, which `chats_by_activity`, `chats_by_creation` and
    /// `chats_by_priority` index after the website.
    var column: String {
        switch self {
        case .lastActivityDescending, .lastActivityAscending: "last_activity_at"
        case .createdDescending, .createdAscending: "created_at"
        case .priorityDescending, .priorityAscending: "priority"
        }
    }
}
