import Chat
import HTTP
import JSON

/// Messages and read marks (contract §4).
enum MessageRoutes {
    static func register(_ router: inout Router<Route>, _ app: AppContext) {
        router.add(.get, "/api/v1/chats/{id}/messages", .async { request, parameters in
            let viewer = try app.viewer(request)
            let query = try ListQuery(request, paging: ["after_seq", "before_seq", "limit"])
            if let unknown = query.filters.first {
                throw APIError.invalid(ValidationError(field: unknown.name, message: "\(unknown.name) is not a parameter of this list."))
            }
            let messages = try await app.messages.list(
                in: parameters["id"], afterSeq: try query.sequence("after_seq"), beforeSeq: try query.sequence("before_seq"),
                limit: try query.limit(default: 50, max: 200), by: viewer)
            var body: [UInt8] = Array(#"{"messages":["#.utf8)
            for (index, message) in messages.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                message.encode(into: &body)
            }
            body.append(contentsOf: "]}".utf8)
            return JSONResponse.make(encoded: body)
        })
        // The hottest write: checked on the loop, then straight to the store's writer and back.
        router.add(.post, "/api/v1/chats/{id}/messages", .callback { request, parameters, respond in
            let viewer = try app.viewer(request)
            let draft = try NewMessage(body: try request.jsonObject())
            try app.limitWrites(viewer)
            app.messages.submitSend(draft, to: parameters["id"], creating: nil, by: viewer) { result in
                respond(result.map { sent in JSONResponse.make(sent.created ? .created : .ok, encoded: sent.encodedMessage) })
            }
        })
        router.add(.post, "/api/v1/messages", .async { request, _ in
            let viewer = try app.viewer(request)
            let submission = try MessageSubmission(body: try request.jsonObject())
            try app.limitWrites(viewer)
            let sent = try await app.messages.send(submission.draft, to: submission.chatID, creating: submission.newChat, by: viewer)
            let unread = try await app.chats.unreadCount(of: sent.chat, by: viewer)
            var response: [UInt8] = Array(#"{"chat":"#.utf8)
            sent.chat.encode(into: &response, unreadCount: unread)
            response.append(contentsOf: #","message":"#.utf8)
            response.append(contentsOf: sent.encodedMessage)
            response.append(UInt8(ascii: "}"))
            return JSONResponse.make(sent.created ? .created : .ok, encoded: response)
        })
        router.add(.post, "/api/v1/chats/{id}/read", .async { request, parameters in
            let viewer = try app.viewer(request)
            let body = try request.jsonObject()
            try Validate.onlyKnownFields(body, ["seq"])
            guard let seq = body["seq"]?.intValue, body["seq"]?.doubleValue == Double(seq) else {
                throw APIError.invalid(ValidationError(field: "seq", message: "seq is required and must be an integer."))
            }
            try app.limitWrites(viewer)
            _ = try await app.messages.markRead(parameters["id"], seq: seq, by: viewer)
            return HTTPResponse(status: .noContent)
        })
    }
}
