import Clock
import Auth
import JSON
import Store

/// Messages and read marks. A send assigns the next `seq` of its chat inside the writer's
/// transaction, so sequence numbers have no gaps however many senders race; a `client_id` seen
/// before from the same principal returns the first message instead of storing another.
public struct Messages: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// What a send produced: the message, its chat (as after the send), and whether it was new
    /// (false: a retry with a known `client_id`, answered with the first message).
    public struct Sent: Sendable {
        public let chat: Chat
        public let message: Message
        public let created: Bool
        /// The message's JSON, encoded once for its row, its event and the answer.
        public let encodedMessage: [UInt8]

        init(chat: Chat, message: Message, created: Bool, encodedMessage: [UInt8]? = nil) {
            self.chat = chat
            self.message = message
            self.created = created
            self.encodedMessage = encodedMessage ?? message.encoded
        }
    }

    /// Sends to an existing chat (`chatID`) or creates the chat and its first message in one
    /// transaction (`newChat`).
    public func send(_ draft: NewMessage, to chatID: String?, creating newChat: NewChat?, by viewer: Viewer) async throws -> Sent {
        try await withCheckedThrowingContinuation { continuation in
            submitSend(draft, to: chatID, creating: newChat, by: viewer) { continuation.resume(with: $0) }
        }
    }

    /// `send` for callers outside Swift concurrency (an event loop): `completion` gets the outcome
    /// on the store's writer thread, after the commit.
    public func submitSend(_ draft: NewMessage, to chatID: String?, creating newChat: NewChat?, by viewer: Viewer,
                           completion: @escaping @Sendable (Result<Sent, any Error>) -> Void) {
        let newChatMetadata: JSONObject?
        do {
            if draft.type == .note, !viewer.seesNotes { throw ChatError.forbidden("Visitors cannot write notes.") }
            newChatMetadata = try newChat.map { chat throws(ChatError) in try viewer.metadataForNewChat(chat.metadata) }
        } catch {
            completion(.failure(error))
            return
        }
        store.submitWrite({ database in
            // A retry that would create a chat is found before anything is written. A retry to an
            // existing chat (the hot path) is found by the unique index when its insert fails,
            // which saves a query on every send that is not a retry.
            if chatID == nil, let clientID = draft.clientID, let earlier = try Self.message(clientID: clientID, by: viewer, in: database) {
                return earlier
            }
            let now = Timestamp.now()
            var chat: Chat
            if let chatID {
                guard let found = try ChatRows.find(chatID, websiteID: viewer.websiteID, locking: true, in: database),
                      viewer.canSee(found) else {
                    throw ChatError.notFound
                }
                chat = found
            } else {
                chat = try Chats.insert(newChat ?? NewChat(), metadata: newChatMetadata ?? [:], by: viewer, at: now, in: database)
            }
            var attachments: [Attachment] = []
            if !draft.attachmentIDs.isEmpty {
                let uploads = try AttachmentRows.uploads(draft.attachmentIDs, chatRow: chat.row, uploader: viewer.principal, in: database)
                if uploads?.allSatisfy({ $0.messageID == nil }) != true, let clientID = draft.clientID,
                   let earlier = try Self.message(clientID: clientID, by: viewer, in: database) {
                    return earlier  // sent by this very message before: a retry
                }
                guard let uploads else {
                    // Not 404, which says the chat is gone; the same answer whoever uploaded it.
                    throw ChatError.invalid(ValidationError(field: "attachment_ids", message: """
                        attachment_ids must name uploads of yours to this chat; one of them is not.
                        """))
                }
                guard uploads.allSatisfy({ $0.messageID == nil }) else {
                    throw ChatError.conflict("A message has sent one of these attachments already; each is sent once.")
                }
                attachments = uploads
            }
            let message = Message(id: Identifier.makeSortable(prefix: "msg_", at: now), chatID: chat.id, seq: chat.messageCount + 1,
                                  sender: MessageSender(viewer.principal),
                                  type: draft.type, text: draft.text, clientID: draft.clientID, createdAt: now,
                                  attachments: attachments.isEmpty ? nil : Attachment.encodedList(attachments))
            guard let encoded = try Self.append(message, to: &chat, at: now, in: database) else {
                // Nothing of this job was written yet. The chat row is locked (`find(locking:)`),
                // so the conflict is the sender's own `client_id`, not another sender's `seq`.
                if let clientID = draft.clientID, let earlier = try Self.message(clientID: clientID, by: viewer, in: database) {
                    return earlier
                }
                throw StoredDataError(column: "messages", key: message.id, problem: "conflicts with a stored message that is no retry of it")
            }
            if !attachments.isEmpty {
                try AttachmentRows.markSent(draft.attachmentIDs, messageID: message.id, staffOnly: message.type == .note, in: database)
            }
            return Sent(chat: chat, message: message, created: true, encodedMessage: encoded)
        }, completion: completion)
    }

    /// Appends `texts[i]` to `chats[i]` (chats as they are now, as `Chats.createMany` returns
    /// them) in one transaction, each message as a send from the viewer stores it: its event, its
    /// search entry. For seeding benchmark data sets; visibility is the caller's to have checked.
    public func appendMany(_ texts: [[String]], to chats: [Chat], by viewer: Viewer) async throws {
        let sender = MessageSender(viewer.principal)
        try await store.write { database in
            let now = Timestamp.now()
            for (chatTexts, chat) in zip(texts, chats) {
                var chat = chat
                for text in chatTexts {
                    let message = Message(id: Identifier.makeSortable(prefix: "msg_", at: now), chatID: chat.id, seq: chat.messageCount + 1,
                                          sender: sender, type: .text, text: text, clientID: nil, createdAt: now)
                    guard try Self.append(message, to: &chat, at: now, in: database) != nil else {
                        throw StoredDataError(column: "messages", key: message.id, problem: "conflicts with a stored message")
                    }
                }
            }
        }
    }

    /// Stores `message` as the next of `chat` (its `seq` must be the chat's count + 1), moves
    /// the chat along and appends `message.created`, in the caller's transaction; returns the
    /// encoded message, or nil when a unique index already held it (nothing was written). Every
    /// message goes in this way: a visitor's, a note, the server's own `system` messages; the
    /// search index learns each in the same transaction (`SearchRows.index`).
    static func append(_ message: Message, to chat: inout Chat, at now: Timestamp, in database: Database) throws -> [UInt8]? {
        let encoded = message.encoded
        guard try MessageRows.insert(message, in: chat, in: database) else { return nil }
        try SearchRows.index(message, chatRow: chat.row, in: database)
        chat.messageCount = message.seq
        // A chat's last message is one everyone in it sees: a note never becomes it, so the
        // one Chat encoded into an event can go to visitors and staff alike.
        if message.type != .note { chat.lastMessageText = String(decoding: encoded, as: UTF8.self) }
        chat.lastActivityAt = max(now, chat.lastActivityAt)
        try ChatRows.recordMessage(chat, in: database)
        try EventLog.append(.messageCreated, chat: chat, at: now, data: encoded, staffOnly: message.type == .note, in: database)
        return encoded
    }

    /// Messages of a visible chat in ascending `seq`: after `afterSeq`, or the last `limit` before
    /// `beforeSeq`, or (with neither) the latest `limit` — what a chat window shows first.
    public func list(in chatID: String, afterSeq: Int?, beforeSeq: Int?, limit: Int, by viewer: Viewer) async throws -> [Message] {
        try await store.read { database in
            guard let chat = try ChatRows.find(chatID, websiteID: viewer.websiteID, in: database), viewer.canSee(chat) else {
                throw ChatError.notFound
            }
            return try MessageRows.list(of: chat, afterSeq: afterSeq, beforeSeq: beforeSeq, limit: limit,
                                        includingNotes: viewer.seesNotes, in: database)
        }
    }

    /// Moves the viewer's read mark forward to `seq` (never back); returns whether it moved.
    public func markRead(_ chatID: String, seq: Int, by viewer: Viewer) async throws -> Bool {
        try await store.write { database in
            guard let chat = try ChatRows.find(chatID, websiteID: viewer.websiteID, in: database), viewer.canSee(chat) else {
                throw ChatError.notFound
            }
            guard (0...chat.messageCount).contains(seq) else {
                throw ChatError.invalid(ValidationError(field: "seq", message: "seq must be from 0 to the chat's last seq (\(chat.messageCount))."))
            }
            guard try ReadMarkRows.advance(chatRow: chat.row, for: viewer.principal, to: seq, in: database) else { return false }
            var data: [UInt8] = Array(#"{"principal_id":"#.utf8)
            JSONEncoding.appendString(viewer.principal.id, to: &data)
            data.append(contentsOf: #","seq":"#.utf8)
            JSONEncoding.appendInteger(seq, to: &data)
            data.append(UInt8(ascii: "}"))
            try EventLog.append(.read, chat: chat, at: Timestamp.now(), data: data, in: database)
            return true
        }
    }

    /// The message this principal sent earlier with `clientID`, with its chat as it is now. The
    /// principal is its website, id and role: a visitor whose `sub` equals an agent's id is someone
    /// else. The chat may have left what the principal sees since (its metadata changed, the scope
    /// is narrower): then the retry is answered like any invisible chat, 404, and nothing of the
    /// chat as it is now (title, metadata, visitor) is returned.
    private static func message(clientID: String, by viewer: Viewer, in database: Database) throws -> Sent? {
        guard let (chatRow, message) = try MessageRows.find(clientID: clientID, websiteID: viewer.websiteID, sender: viewer.principal,
                                                            in: database),
              let chat = try ChatRows.find(row: chatRow, in: database) else { return nil }
        guard viewer.canSee(chat) else { throw ChatError.notFound }
        return Sent(chat: chat, message: message, created: false)
    }
}
