import SQLiteStore
import Chat
import Filters
import HTTP
import JSON

/// Parses filters the ways clients send them and checks what the SQL compiler makes of every one
/// that parses: each `?` has its binding, and the SQL text is exactly the text of the same filter
/// with every value, key and website id blanked (`blinded`), so no input byte can reach SQL except
/// as a bound parameter. Every parsed filter is also evaluated in memory against sample chats.
///
/// Layout: one flags byte, then the rest. Flags bit 0 clear: the rest is a REST query string,
/// decoded like the HTTP layer does. Set: the rest is JSON, read as a WebSocket filter object and
/// as a token scope.
enum FilterFuzzing {
    /// A website id that would break out of an SQL string if it were ever spliced into the text.
    static let hostileWebsiteID = "w' OR 1=1; DROP TABLE chats; --"

    static func check(_ input: [UInt8]) throws(PropertyViolation) -> InputVerdict {
        let rest = Array(input.dropFirst())
        var filters: [ChatFilter] = []
        if input.first.map({ $0 & 1 == 0 }) ?? true {
            if let parameters = URLQuery.parse(String(decoding: rest, as: UTF8.self)),
               let filter = try? ChatFilter(parameters: parameters) {
                filters.append(filter)
            }
        } else if let object = (try? JSONValue(parsing: rest))?.objectValue {
            if let filter = try? ChatFilter(json: object) {
                try checkSameAsQuery(filter, object)
                filters.append(filter)
            }
            if let filter = try? ChatFilter(scope: object) { filters.append(filter) }
        }
        for filter in filters { try checkParsed(filter) }
        return filters.isEmpty ? .refused : .accepted
    }

    private static func checkParsed(_ filter: ChatFilter) throws(PropertyViolation) {
        let blind = blinded(filter)
        let seeks = filter.metadataSeeks(websiteID: hostileWebsiteID, columns: .chatTables(.sqlite))
        let blindSeeks = blind.metadataSeeks(websiteID: "w", columns: .chatTables(.sqlite))
        guard seeks.map(\.unit) == blindSeeks.map(\.unit) else { throw PropertyViolation("the seekable units depend on values") }
        for (seek, blindSeek) in zip(seeks, blindSeeks) { try checkSQL(seek.rows, blindSeek.rows) }
        for seeking in [ChatFilter.SeekChoice.all, .none] + seeks.map({ .only(unit: $0.unit) }) {
            try checkSQL(filter.sql(websiteID: hostileWebsiteID, columns: .chatTables(.sqlite), seeking: seeking),
                         blind.sql(websiteID: "w", columns: .chatTables(.sqlite), seeking: seeking))
        }
        for chat in sampleChats {
            _ = filter.matches(chat)
        }
    }

    /// The WebSocket form means what the same query string means (contract §6): the object written
    /// as query parameters (strings as they are, other scalars as their JSON text, an array as its
    /// elements joined with commas) parses to the same filter.
    private static func checkSameAsQuery(_ filter: ChatFilter, _ object: JSONObject) throws(PropertyViolation) {
        func text(_ value: JSONValue) -> String {
            switch value {
            case .string(let string): string
            case .array(let elements): elements.map(text).joined(separator: ",")
            default: value.jsonText
            }
        }
        let parameters = object.map { (name: $0.key, value: text($0.value)) }
        guard let fromQuery = try? ChatFilter(parameters: parameters), fromQuery == filter else {
            throw PropertyViolation("the WebSocket form \(JSONValue.object(object).jsonText) means something else as a query")
        }
    }

    private static func checkSQL(_ condition: SQLCondition, _ blindCondition: SQLCondition) throws(PropertyViolation) {
        let placeholders = condition.sql.utf8.count { $0 == UInt8(ascii: "?") }
        guard placeholders == condition.bindings.count else {
            throw PropertyViolation("\(placeholders) placeholders but \(condition.bindings.count) bindings in \(condition.sql)")
        }
        guard condition.sql == blindCondition.sql else {
            throw PropertyViolation("the SQL text depends on values:\n\(condition.sql)\n\(blindCondition.sql)")
        }
    }

    /// The same filter with placeholders for every string, number and metadata key; booleans,
    /// nulls, comparisons and kinds stay, and distinct paths stay distinct, because those are the
    /// shape the SQL text may follow.
    static func blinded(_ filter: ChatFilter) -> ChatFilter {
        var paths: [MetadataPath: MetadataPath] = [:]
        func standIn(for path: MetadataPath) -> MetadataPath {
            if let known = paths[path] { return known }
            let standIn = MetadataPath(keys: ["k\(paths.count)"]) ?? path
            paths[path] = standIn
            return standIn
        }
        return ChatFilter(conditions: filter.conditions.map { condition in
            switch condition {
            case .field(let field, let lookup): .field(field, blind(lookup))
            case .metadata(let path, let lookup): .metadata(standIn(for: path), blind(lookup))
            }
        })
    }

    private static func blind(_ lookup: FieldLookup) -> FieldLookup {
        switch lookup {
        case .equals(let value): .equals(blind(value))
        case .compare(let comparison, _): .compare(comparison, 0)
        case .oneOf(let values): .oneOf(values.map(blind))
        case .isNull(let isNull): .isNull(isNull)
        }
    }

    private static func blind(_ lookup: Lookup) -> Lookup {
        switch lookup {
        case .equals(let value): .equals(blind(value))
        case .compare(let comparison, .number): .compare(comparison, .number(0))
        case .compare(let comparison, .string): .compare(comparison, .string("s"))
        case .contains(let value): .contains(blind(value))
        case .containsIgnoringCase: .containsIgnoringCase("s")
        case .oneOf(let values): .oneOf(values.map(blind))
        case .isNull(let isNull): .isNull(isNull)
        }
    }

    private static func blind(_ value: FilterValue) -> FilterValue {
        switch value {
        case .null, .bool: value
        case .number: .number(0, text: "0")
        case .string: .string("s")
        }
    }

    /// Chats with every kind of metadata value a lookup can meet, and one with none.
    static let sampleChats: [FilterableChat] = [
        FilterableChat(
            id: "chat-1", status: "open", priority: 2, isArchived: false, visitorID: "visitor-1", assigneeID: nil,
            createdAt: 1_700_000_000_000, updatedAt: 1_700_000_100_000, lastActivityAt: 1_700_000_200_000,
            metadata: [
                "project_id": 123, "score": 4.5, "plan": "Pro", "vip": true, "gone": nil, "numeric_text": "42",
                "tags": ["billing", 7, nil, false, ["nested"]], "owner": ["team": "core", "level": ["depth": 3]],
            ]),
        FilterableChat(
            id: "chat-2", status: "closed", priority: 0, isArchived: true, visitorID: nil, assigneeID: "agent-1",
            createdAt: 0, updatedAt: 0, lastActivityAt: 0, metadata: [:]),
    ]
}
