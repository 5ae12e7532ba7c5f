import Clock
import JSON
import Store

/// The body of `POST /chats/{id}/handoff`: an optional reason, shown in the system message.
public struct HandoffRequest: Sendable {
    public var reason: String?

    public init(reason: String? = nil) {
        self.reason = reason
    }

    public init(body: JSONObject) throws(ValidationError) {
        try Validate.onlyKnownFields(body, ["reason"])
        if let value = body["reason"], !value.isNull {
            let text = try Validate.text(value, field: "reason", length: 0...500)
            reason = text.isEmpty ? nil : text
        }
    }
}

extension Chats {
    /// Hands a bot's chat to people (contract §9): `handled_by` becomes `agent` and the status
    /// `open`, a `system` message (`data.action = "handoff"`) says so, and the chat goes to an
    /// available agent when the website assigns automatically (§10) — all in one write. The
    /// visitor on their own chat, the bot, agents and admins may; a chat people handle already
    /// is answered as it is, with nothing written (a second click in the widget changes
    /// nothing).
    public func handOff(_ id: String, _ request: HandoffRequest, by viewer: Viewer) async throws -> Chat {
        try await store.write { database in
            guard var chat = try ChatRows.find(id, websiteID: viewer.websiteID, locking: true, in: database), viewer.canSee(chat) else {
                throw ChatError.notFound
            }
            guard chat.handledBy == .bot else { return chat }
            let before = chat
            let now = Timestamp.now()
            chat.handledBy = .agent
            chat.status = .open
            let agent = chat.assigneeID == nil
                ? try Assignment.agentForNewChat(websiteID: chat.websiteID, at: now, in: database) : nil
            if let agent { chat.assigneeID = agent.id }
            chat.updatedAt = max(now, Timestamp(milliseconds: before.updatedAt.milliseconds + 1))
            try ChatRows.update(chat, in: database)
            try EventLog.append(.chatUpdated, chat: chat, before: before, at: now, data: chat.encoded(unreadCount: nil), in: database)
            let principal = viewer.principal
            let who = principal.name ?? (principal.role == .visitor ? "The visitor" : principal.id)
            var data: JSONObject = ["action": "handoff", "from": "bot", "to": "agent"]
            if let reason = request.reason { data["reason"] = .string(reason) }
            let text = principal.role == .visitor ? "\(who) asked for a person." : "\(who) handed this chat to a person."
            try Assignment.appendSystemMessage(to: &chat, text: request.reason.map { "\(text) Reason: \($0)" } ?? text, data: data,
                                               sender: MessageSender(principal), at: now, in: database)
            if let agent { try Assignment.recordAutomatic(to: agent, in: &chat, at: now, in: database) }
            return chat
        }
    }
}
