import Chat
import Filters
import HTTP
import JSON
import Realtime
import WebSocket

/// The realtime API (contract §5): the WebSocket, polling that delivers the same events, and
/// typing over REST.
enum RealtimeRoutes {
    static func register(_ router: inout Router<Route>, _ app: AppContext) {
        router.add(.get, "/api/v1/realtime", .upgrade { request, _ throws(APIError) in
            let origin = request.headers["origin"]
            switch WebSocketUpgrade.reply(to: request, configuration: app.webSocket, makeDelegate: {
                RealtimeSession(app: app, origin: origin, remoteAddress: request.remoteAddress)
            }) {
            case .success(let reply):
                return reply
            case .failure(let refusal):
                throw APIError(refusal)
            }
        })
        router.add(.get, "/api/v1/events", .async { request, _ in
            let viewer = try app.viewer(request)
            try app.realtimeLimiters.admitPoll(viewer, from: request.remoteAddress)
            let query = try ListQuery(request, paging: ["cursor", "limit"])
            let filters = try ChatFilter(parameters: query.filters)
            let poll: Hub.Poll
            do {
                poll = try await app.hub.poll(Audience(viewer: viewer, filters: filters), after: query.value("cursor"),
                                              limit: try query.limit(default: 500, max: 1000))
            } catch let problem as CursorFormat.Problem {
                throw problem == .expired ? APIError.cursorExpired : APIError.badCursor
            } catch RealtimeError.busy {
                // This website's scans wait in line already: its own flood waits, not others.
                throw APIError.rateLimited(retryAfter: 1)
            }
            var body: [UInt8] = Array(#"{"events":["#.utf8)
            for (index, event) in poll.events.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                body.append(contentsOf: event.json)
            }
            body.append(contentsOf: #"],"cursor":"#.utf8)
            JSONEncoding.appendString(poll.cursor, to: &body)
            body.append(contentsOf: (poll.hasMore ? #","has_more":true}"# : #","has_more":false}"#).utf8)
            return JSONResponse.make(encoded: body)
        })
        router.add(.post, "/api/v1/chats/{id}/typing", .callback { request, parameters, respond in
            let viewer = try app.viewer(request)
            let body = try request.jsonObject()
            try Validate.onlyKnownFields(body, ["state"])
            let state = body["state"]?.stringValue
            guard state == "start" || state == "stop" else {
                throw APIError.invalid(ValidationError(field: "state", message: "state must be start or stop."))
            }
            try app.realtimeLimiters.admitTyping(viewer)
            app.hub.typing(by: viewer, in: parameters["id"], started: state == "start") { outcome in
                switch outcome {
                case .published: respond(.success(HTTPResponse(status: .noContent)))
                case .notFound: respond(.failure(ChatError.notFound))
                case .failed(let error): respond(.failure(error))
                }
            }
        })
    }
}

extension APIError {
    /// A request to the WebSocket path that is not a valid handshake.
    init(_ refusal: WebSocketHandshake.Refusal) {
        switch refusal.status {
        case 426:
            self = APIError(.upgradeRequired, "upgrade_required", refusal.reason + ".", headers: ["Sec-WebSocket-Version": "13"])
        case 405:
            self = .methodNotAllowed([.get])
        default:
            self = APIError(.badRequest, "bad_request", "This path speaks WebSocket: " + refusal.reason + ".")
        }
    }
}
