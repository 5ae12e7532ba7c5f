import Auth
import Clock
import JSON
import Store

/// Who takes a chat (contract §10): the `system` messages that record every change of assignee
/// or status, and the website's `auto_assign: "round_robin"`, which gives a new visitor chat to
/// the available agent with the fewest open chats (ties: the one assigned longest ago), or keeps
/// it waiting while nobody is available and hands the waiting chats out, oldest first, when
/// someone becomes available. Everything runs inside the write that caused it, so a chat is
/// assigned once or not at all, and agents' rows are locked while one is picked (`AssignmentRows`).
enum Assignment {
    /// Who signs the system messages of automatic assignment: the website's rule, which its
    /// admins set.
    static let automatic = MessageSender(id: "auto_assign", role: .admin, name: "Auto-assign")

    /// Chats handed out per write when someone becomes available; the rest wait for the next
    /// occasion (another agent, or the next new chat finds them behind it).
    static let waitingPerWrite = 100

    /// The agent a new chat of `websiteID` goes to, already counted as given one; nil when the
    /// website does not assign automatically or nobody is available.
    static func agentForNewChat(websiteID: String, at now: Timestamp, in database: Database) throws -> (id: String, name: String?)? {
        guard try WebsiteRows.autoAssign(of: websiteID, in: database) == .roundRobin else { return nil }
        return try nextAgent(websiteID: websiteID, at: now, in: database)
    }

    /// Someone of `websiteID` became available: the oldest waiting chats go out in turn.
    static func assignWaiting(websiteID: String, at now: Timestamp, in database: Database) throws {
        guard try WebsiteRows.autoAssign(of: websiteID, in: database) == .roundRobin else { return }
        for chatID in try AssignmentRows.waitingChats(websiteID: websiteID, limit: waitingPerWrite, in: database) {
            guard let agent = try nextAgent(websiteID: websiteID, at: now, in: database) else { return }
            guard var chat = try ChatRows.find(chatID, websiteID: websiteID, locking: true, in: database), chat.assigneeID == nil else {
                continue
            }
            let before = chat
            chat.assigneeID = agent.id
            chat.updatedAt = max(now, Timestamp(milliseconds: before.updatedAt.milliseconds + 1))
            try ChatRows.update(chat, in: database)
            try EventLog.append(.chatUpdated, chat: chat, before: before, at: now, data: chat.encoded(unreadCount: nil), in: database)
            try recordAutomatic(to: agent, in: &chat, at: now, in: database)
        }
    }

    /// The system message of a chat just given to `agent` by the rule.
    static func recordAutomatic(to agent: (id: String, name: String?), in chat: inout Chat, at now: Timestamp,
                                in database: Database) throws {
        try appendSystemMessage(to: &chat, text: "Assigned to \(agent.name ?? agent.id) automatically.",
                                data: ["action": "assigned", "from": .null, "to": .string(agent.id), "automatic": true],
                                sender: automatic, at: now, in: database)
    }

    /// The system messages of a PATCH by `principal`: one for a new assignee, one for a new
    /// status.
    static func recordChanges(from before: Chat, to chat: inout Chat, by principal: Principal, at now: Timestamp,
                              in database: Database) throws {
        let actor = principal.name ?? principal.id
        if before.assigneeID != chat.assigneeID {
            let text: String
            if let assignee = chat.assigneeID {
                let name = assignee == principal.id ? actor
                    : try AssignmentRows.name(of: assignee, websiteID: chat.websiteID, in: database) ?? assignee
                text = assignee == principal.id ? "\(actor) took this chat." : "\(actor) assigned this chat to \(name)."
            } else {
                text = "\(actor) unassigned this chat."
            }
            try appendSystemMessage(to: &chat, text: text,
                                    data: ["action": "assigned", "from": before.assigneeID.map(JSONValue.string) ?? .null,
                                           "to": chat.assigneeID.map(JSONValue.string) ?? .null],
                                    sender: MessageSender(principal), at: now, in: database)
        }
        if before.status != chat.status {
            try appendSystemMessage(to: &chat, text: "\(actor) marked this chat \(chat.status.rawValue).",
                                    data: ["action": "status_changed", "from": .string(before.status.rawValue),
                                           "to": .string(chat.status.rawValue)],
                                    sender: MessageSender(principal), at: now, in: database)
        }
    }

    private static func nextAgent(websiteID: String, at now: Timestamp, in database: Database) throws -> (id: String, name: String?)? {
        try AssignmentRows.lockAgents(websiteID: websiteID, in: database)
        let since = now.milliseconds - Availability.defaultGraceMilliseconds
        guard let agent = try AssignmentRows.nextAgent(websiteID: websiteID, since: since, in: database) else { return nil }
        try AssignmentRows.recordAssignment(to: agent.id, websiteID: websiteID, at: now.milliseconds, in: database)
        return agent
    }

    /// Appends a `system` message written by the server for a change `sender` caused.
    static func appendSystemMessage(to chat: inout Chat, text: String, data: JSONObject, sender: MessageSender,
                                            at now: Timestamp, in database: Database) throws {
        let message = Message(id: Identifier.makeSortable(prefix: "msg_", at: now), chatID: chat.id, seq: chat.messageCount + 1,
                              sender: sender, type: .system, text: text, clientID: nil, createdAt: now,
                              data: JSONValue.object(data).jsonText)
        guard try Messages.append(message, to: &chat, at: now, in: database) != nil else {
            throw StoredDataError(column: "messages", key: message.id, problem: "conflicts with a stored message")
        }
    }
}
