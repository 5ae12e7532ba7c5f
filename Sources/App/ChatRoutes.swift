import Chat
import Filters
import HTTP
import JSON

/// Chats (contract §4): list with filters and cursors, create, read, change; hand off to people
/// (§9); end and rate (§11).
enum ChatRoutes {
    static func register(_ router: inout Router<Route>, _ app: AppContext) {
        router.add(.get, "/api/v1/chats", .async { request, _ in
            let viewer = try app.viewer(request)
            let query = try ListQuery(request, paging: ["limit", "cursor", "order", "q"])
            let order = try query.order()
            let limit = try query.limit(default: Chats.defaultPageSize, max: Chats.maxPageSize)
            let search = try query.search()
            let filter = try ChatFilter(parameters: query.filters)
            let page = try await app.chats.list(filter, search: search, order: order, cursor: query.value("cursor"), limit: limit,
                                                by: viewer)
            var body: [UInt8] = Array(#"{"chats":["#.utf8)
            for (index, item) in page.chats.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                item.chat.encode(into: &body, unreadCount: item.unreadCount)
                if let match = item.match { match.encode(intoChat: &body) }
            }
            body.append(contentsOf: #"],"next_cursor":"#.utf8)
            if let next = page.nextCursor { JSONEncoding.appendString(next, to: &body) } else { body.append(contentsOf: "null".utf8) }
            body.append(UInt8(ascii: "}"))
            return JSONResponse.make(encoded: body)
        })
        router.add(.post, "/api/v1/chats", .async { request, _ in
            let viewer = try app.viewer(request)
            let draft = try NewChat(body: try request.jsonObject())
            try app.limitWrites(viewer)
            let chat = try await app.chats.create(draft, by: viewer)
            return JSONResponse.make(.created, encoded: chat.encoded(unreadCount: 0))
        })
        router.add(.get, "/api/v1/chats/{id}", .async { request, parameters in
            let viewer = try app.viewer(request)
            guard let chat = try await app.chats.find(parameters["id"], by: viewer) else { throw ChatError.notFound }
            return try await answer(chat, to: viewer, app)
        })
        router.add(.patch, "/api/v1/chats/{id}", .async { request, parameters in
            let viewer = try app.viewer(request)
            let changes = try ChatChanges(body: try request.jsonObject())
            try app.limitWrites(viewer)
            let chat = try await app.chats.update(parameters["id"], changes, by: viewer)
            return try await answer(chat, to: viewer, app)
        })
        router.add(.post, "/api/v1/chats/{id}/end", .async { request, parameters in
            let viewer = try app.viewer(request)
            if !request.body.isEmpty, try !request.jsonObject().isEmpty {
                throw APIError.invalid(ValidationError(field: "body", message: "Ending a chat takes no body (or {})."))
            }
            try app.limitWrites(viewer)
            let chat = try await app.chats.end(parameters["id"], by: viewer)
            return try await answer(chat, to: viewer, app)
        })
        router.add(.post, "/api/v1/chats/{id}/handoff", .async { request, parameters in
            let viewer = try app.viewer(request)
            let handoff = request.body.isEmpty ? HandoffRequest() : try HandoffRequest(body: try request.jsonObject())
            try app.limitWrites(viewer)
            let chat = try await app.chats.handOff(parameters["id"], handoff, by: viewer)
            return try await answer(chat, to: viewer, app)
        })
        router.add(.post, "/api/v1/chats/{id}/rating", .async { request, parameters in
            let viewer = try app.viewer(request)
            let rating = try NewRating(body: try request.jsonObject())
            try app.limitWrites(viewer)
            let chat = try await app.chats.rate(parameters["id"], rating, by: viewer)
            return try await answer(chat, to: viewer, app)
        })
    }

    /// The chat as the caller sees it, with their unread count: the answer of every route that
    /// reads or changes one chat.
    private static func answer(_ chat: Chat, to viewer: Viewer, _ app: AppContext) async throws -> HTTPResponse {
        let unread = try await app.chats.unreadCount(of: chat, by: viewer)
        return JSONResponse.make(encoded: chat.encoded(unreadCount: unread))
    }
}

/// The query parameters of a list call: paging parameters apart, everything else a filter.
struct ListQuery {
    let filters: [(name: String, value: String)]
    private let paging: [String: String]

    init(_ request: HTTPRequest, paging names: Set<String>) throws(APIError) {
        guard let pairs = URLQuery.parse(request.query) else {
            throw APIError(.badRequest, "bad_request", "The query string is not valid percent-encoded UTF-8.")
        }
        var paging: [String: String] = [:]
        var filters: [(name: String, value: String)] = []
        for pair in pairs {
            if names.contains(pair.name) {
                guard paging[pair.name] == nil else {
                    throw APIError.invalid(ValidationError(field: pair.name, message: "\(pair.name) may be given once."))
                }
                paging[pair.name] = pair.value
            } else {
                filters.append(pair)
            }
        }
        self.filters = filters
        self.paging = paging
    }

    func value(_ name: String) -> String? { paging[name] }

    func limit(default fallback: Int, max: Int) throws(APIError) -> Int {
        guard let text = paging["limit"] else { return fallback }
        guard let limit = Int(text), (1...max).contains(limit) else {
            throw APIError.invalid(ValidationError(field: "limit", message: "limit must be a number from 1 to \(max)."))
        }
        return limit
    }

    /// The `order` asked for; nil when none was (each list has its default).
    func order() throws(APIError) -> ChatOrder? {
        guard let text = paging["order"] else { return nil }
        guard let order = ChatOrder(rawValue: text) else {
            throw APIError.invalid(ValidationError(field: "order", message: "order must be one of "
                + ChatOrder.allCases.map(\.rawValue).joined(separator: ", ") + "."))
        }
        return order
    }

    /// The words of `q` (contract §10 "Search"); nil without `q`, or with only spaces in it (a
    /// cleared search box).
    func search() throws(APIError) -> SearchQuery? {
        guard let text = paging["q"], text.contains(where: { !$0.isWhitespace }) else { return nil }
        do {
            return try SearchQuery(text)
        } catch {
            throw APIError.invalid(error)
        }
    }

    /// A non-negative integer parameter such as `after_seq`.
    func sequence(_ name: String) throws(APIError) -> Int? {
        guard let text = paging[name] else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw APIError.invalid(ValidationError(field: name, message: "\(name) must be a non-negative integer."))
        }
        return value
    }
}
