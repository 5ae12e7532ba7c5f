import Clock
import Store

/// The attachments of chats (contract §8): recorded once their bytes are stored, visible exactly
/// when their chat is.
public struct Attachments: Sendable {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    /// Records an upload to chat `chatID`; `notFound` when the viewer cannot see that chat (it
    /// may have changed since the upload began, so it is checked again in the write).
    /// `placeBytes` puts the bytes at their content address inside the same write: deleting
    /// bytes whose last row went (`removeUnreferenced`) is a write too, so the two never cross.
    public func create(_ draft: NewAttachment, chatID: String, by viewer: Viewer,
                       placeBytes: @escaping @Sendable (any Database) throws -> Void) async throws -> Attachment {
        let now = Timestamp.now()
        return try await store.write { database in
            guard let chat = try Chats.visible(chatID, to: viewer, in: database) else { throw ChatError.notFound }
            let attachment = Attachment(
                id: Identifier.makeSortable(prefix: "att_", at: now), chatID: chat.id, websiteID: chat.websiteID,
                uploader: viewer.principal, name: draft.name, contentType: draft.contentType, size: draft.size,
                sha256: draft.sha256, width: draft.width, height: draft.height, createdAt: now)
            try placeBytes(database)
            try AttachmentRows.insert(attachment, chatRow: chat.row, in: database)
            return attachment
        }
    }

    /// The attachment if the viewer may see it: its chat is visible to them, it is not a note's
    /// for a visitor, and an unsent upload is its uploader's alone. Nil as well when there is none.
    public func find(_ id: String, by viewer: Viewer) async throws -> Attachment? {
        try await store.read { database in
            guard let (chatRow, attachment) = try AttachmentRows.find(id, websiteID: viewer.websiteID, in: database),
                  attachment.isVisible(to: viewer),
                  let chat = try ChatRows.find(row: chatRow, in: database), viewer.canSee(chat) else { return nil }
            return attachment
        }
    }

    /// Uploads deleted per statement by `deleteUnsent`.
    static let unsentPerStatement = 500

    /// Deletes uploads never sent that are older than `age` (contract §8: a day); returns the
    /// digests of their files, for `removeUnreferenced`.
    public func deleteUnsent(olderThan age: Duration) async throws -> [String] {
        let ageMilliseconds = age.components.seconds * 1000 + age.components.attoseconds / 1_000_000_000_000_000
        let cutoff = Timestamp(milliseconds: Timestamp.now().milliseconds - ageMilliseconds)
        var digests: [String] = []
        while true {
            let some = try await store.write { database in
                try AttachmentRows.deleteUnsent(before: cutoff, limit: Self.unsentPerStatement, in: database)
            }
            digests += some
            if some.count < Self.unsentPerStatement { return digests }
        }
    }

    /// Calls `remove` with each of `digests` that no attachment names any more, inside a write,
    /// so no upload of the same bytes can record its row in between (`create`).
    public func removeUnreferenced(_ digests: [String], remove: @escaping @Sendable (String, any Database) throws -> Void) async throws {
        guard !digests.isEmpty else { return }
        let distinct = Set(digests)
        try await store.write { database in
            for digest in distinct where try !AttachmentRows.isReferenced(digest, in: database) {
                try remove(digest, database)
            }
        }
    }
}
