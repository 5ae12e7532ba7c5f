import Clock
import Filters
import Auth
import JSON
import Store

/// Chats of the store, seen through a viewer: every operation checks visibility, so a chat of
/// another website or outside a scope behaves exactly as one that does not exist.
public struct Chats: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func create(_ draft: NewChat, by viewer: Viewer) async throws -> Chat {
        let metadata = try viewer.metadataForNewChat(draft.metadata)
        return try await store.write { database in
            try Self.insert(draft, metadata: metadata, by: viewer, at: Timestamp.now(), in: database)
        }
    }

    /// Creates many chats in one transaction, each with its index rows and event, as `create`
    /// would one by one: for imports and for seeding benchmark data sets.
    public func createMany(_ drafts: [NewChat], by viewer: Viewer) async throws -> [Chat] {
        let prepared = try drafts.map { draft throws(ChatError) in (draft, try viewer.metadataForNewChat(draft.metadata)) }
        return try await store.write { database in
            let now = Timestamp.now()
            return try prepared.map { draft, metadata in try Self.insert(draft, metadata: metadata, by: viewer, at: now, in: database) }
        }
    }

    /// The chat if the viewer may see it.
    public func find(_ id: String, by viewer: Viewer) async throws -> Chat? {
        try await store.read { database in
            guard let chat = try ChatRows.find(id, websiteID: viewer.websiteID, in: database), viewer.canSee(chat) else { return nil }
            return chat
        }
    }

    /// Applies a PATCH. A chat the viewer cannot see is `notFound`; a change that would move it
    /// outside the viewer's scope is `forbidden`.
    public func update(_ id: String, _ changes: ChatChanges, by viewer: Viewer) async throws -> Chat {
        guard viewer.managesChats else { throw ChatError.forbidden("Visitors cannot change chats.") }
        return try await store.write { database in
            guard var chat = try ChatRows.find(id, websiteID: viewer.websiteID, in: database), viewer.canSee(chat) else {
                throw ChatError.notFound
            }
            let before = chat
            if let title = changes.title { chat.title = title }
            if let status = changes.status { chat.status = status }
            if let priority = changes.priority { chat.priority = priority }
            if let isArchived = changes.isArchived { chat.isArchived = isArchived }
            if let assigneeID = changes.assigneeID { chat.assigneeID = assigneeID }
            let current = try chat.parsedMetadata()
            let metadata: JSONObject?
            do throws(ValidationError) {
                metadata = try changes.newMetadata(from: current)
            } catch {
                throw ChatError.invalid(error)
            }
            if let metadata { chat.metadataText = JSONValue.object(metadata).jsonText }
            guard chat.differs(from: before) else { return chat }
            guard viewer.canSee(chat) else {
                throw ChatError.forbidden("The change would move the chat outside this token's scope.")
            }
            let now = Timestamp.now()
            chat.updatedAt = max(now, Timestamp(milliseconds: before.updatedAt.milliseconds + 1))
            // A new assignee or status adds system messages right after the change, which move
            // the activity: the change's event routes the chat as those messages leave it.
            if chat.assigneeID != before.assigneeID || chat.status != before.status { chat.lastActivityAt = max(now, chat.lastActivityAt) }
            chat.recordResolution(from: before, at: now)
            try ChatRows.update(chat, in: database)
            if chat.title != before.title { try SearchRows.indexTitle(of: chat, replacing: true, in: database) }
            if let metadata { try MetadataIndexTable.write(chatRow: chat.row, websiteID: chat.websiteID, metadata: metadata, in: database) }
            try EventLog.append(.chatUpdated, chat: chat, before: before, at: now, data: chat.encoded(unreadCount: nil), in: database)
            try Assignment.recordChanges(from: before, to: &chat, by: viewer.principal, at: now, in: database)
            return chat
        }
    }

    /// Ends a chat (contract §11): it becomes `resolved`, with a `system` message
    /// `{"action":"ended"}` from whoever ended it. Visitors end their own chats this way; a chat
    /// already resolved is answered as it is, and nothing is written.
    public func end(_ id: String, by viewer: Viewer) async throws -> Chat {
        try await store.write { database in
            guard var chat = try ChatRows.find(id, websiteID: viewer.websiteID, locking: true, in: database), viewer.canSee(chat) else {
                throw ChatError.notFound
            }
            guard chat.status != .resolved else { return chat }
            let before = chat
            let now = Timestamp.now()
            chat.status = .resolved
            chat.updatedAt = max(now, Timestamp(milliseconds: before.updatedAt.milliseconds + 1))
            chat.lastActivityAt = max(now, chat.lastActivityAt)
            chat.recordResolution(from: before, at: now)
            try ChatRows.update(chat, in: database)
            try EventLog.append(.chatUpdated, chat: chat, before: before, at: now, data: chat.encoded(unreadCount: nil), in: database)
            let principal = viewer.principal
            // An anonymous visitor's id means nothing to either side: they are "The visitor".
            let who = principal.name ?? (principal.role == .visitor ? "The visitor" : principal.id)
            try Assignment.appendSystemMessage(to: &chat, text: "\(who) ended the chat.",
                                               data: ["action": "ended"], sender: MessageSender(principal), at: now, in: database)
            return chat
        }
    }

    /// The chat `id` of website `websiteID` as filters see it, whoever may: for routing what
    /// another node published about it, which that node checked (contract §12).
    public static func route(_ id: String, websiteID: String, in database: Database) throws -> FilterableChat? {
        try ChatRows.find(id, websiteID: websiteID, in: database)?.filterable()
    }

    /// The chat `id` if `viewer` may see it, read with the caller's own connection (the
    /// realtime hub checks a typing event's chat this way).
    public static func visible(_ id: String, to viewer: Viewer, in database: Database) throws -> Chat? {
        guard let chat = try ChatRows.find(id, websiteID: viewer.websiteID, in: database), viewer.canSee(chat) else { return nil }
        return chat
    }

    /// Inserts a chat with its metadata index rows and its `chat.created` event, in the caller's
    /// transaction (also used by `POST /messages`, which creates chat and message together).
    static func insert(_ draft: NewChat, metadata: JSONObject, by viewer: Viewer, at now: Timestamp,
                       in database: Database) throws -> Chat {
        let principal = viewer.principal
        var visitor: ChatVisitor?
        if principal.role == .visitor {
            // What the visitor said of themselves (`PATCH /me`) wins over what their token says.
            let profile = try VisitorProfileRows.find(principal.id, websiteID: viewer.websiteID, in: database)
            visitor = ChatVisitor(id: principal.id, name: profile.map(\.name) ?? principal.name, email: profile.map(\.email) ?? principal.email)
        }
        var chat = Chat(row: 0, id: Identifier.makeSortable(prefix: "ch_", at: now), websiteID: viewer.websiteID, title: draft.title, status: .open,
                        priority: draft.priority, isArchived: false, visitor: visitor, assigneeID: nil,
                        metadataText: JSONValue.object(metadata).jsonText, createdAt: now, updatedAt: now, lastActivityAt: now,
                        messageCount: 0, lastMessageText: nil)
        guard viewer.canSee(chat) else {
            throw ChatError.forbidden("The chat would fall outside this token's scope.")
        }
        // A visitor's new chat is the bot's, pending, while the website has one (contract §9);
        // otherwise it goes to an agent at once when the website assigns automatically.
        var agent: (id: String, name: String?)?
        if principal.role == .visitor {
            if try WebsiteRows.botEnabled(of: chat.websiteID, in: database) {
                chat.handledBy = .bot
                chat.status = .pending
            } else {
                agent = try Assignment.agentForNewChat(websiteID: chat.websiteID, at: now, in: database)
            }
        }
        chat.assigneeID = agent?.id
        chat.row = try ChatRows.insert(chat, in: database)
        try MetadataIndexTable.write(chatRow: chat.row, websiteID: chat.websiteID, metadata: metadata, in: database)
        try SearchRows.indexTitle(of: chat, replacing: false, in: database)
        try EventLog.append(.chatCreated, chat: chat, at: now, data: chat.encoded(unreadCount: nil), in: database)
        if let agent { try Assignment.recordAutomatic(to: agent, in: &chat, at: now, in: database) }
        return chat
    }
}

extension Chat {
    /// Whether a PATCH changed anything a client can see.
    func differs(from other: Chat) -> Bool {
        title != other.title || status != other.status || priority != other.priority || isArchived != other.isArchived
            || assigneeID != other.assigneeID || metadataText != other.metadataText
    }
}
