import Clock
import Store

extension Chats {
    /// The visitor rates their own resolved chat (contract §11): once per resolution. A chat
    /// that is not resolved, or whose resolution they already rated, is `conflict` (409); a
    /// chat reopened and resolved again may be rated again, and the new rating replaces the old.
    /// Appends one `chat.rated` whose data is the Chat, routed like a change (a chat that stops
    /// matching `rating__gte=4` sends it to the connections it leaves).
    public func rate(_ id: String, _ rating: NewRating, by viewer: Viewer) async throws -> Chat {
        guard viewer.principal.role == .visitor else { throw ChatError.forbidden("Only the chat's visitor rates it.") }
        return try await store.write { database in
            guard var chat = try ChatRows.find(id, websiteID: viewer.websiteID, locking: true, in: database), viewer.canSee(chat) else {
                throw ChatError.notFound
            }
            guard chat.status == .resolved else { throw ChatError.conflict("Only a resolved chat can be rated; this one is \(chat.status.rawValue).") }
            guard !chat.isRatedSinceResolved else { throw ChatError.conflict("This chat was already rated since it was resolved.") }
            let before = chat
            let now = Timestamp.now()
            chat.rating = ChatRating(score: rating.score, comment: rating.comment, at: max(now, chat.resolvedAt ?? now))
            chat.updatedAt = max(now, Timestamp(milliseconds: before.updatedAt.milliseconds + 1))
            try ChatRows.rate(chat, in: database)
            try EventLog.append(.chatRated, chat: chat, before: before, at: now, data: chat.encoded(unreadCount: nil), in: database)
            return chat
        }
    }
}
