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
    public func create(_ draft: NewAttachment, chatID: String, by viewer: Viewer) async throws -> Attachment {
        let now = Timestamp.now()
        return try await store.write { database in
            guard let chat = try Chats.visible(chatID, to: viewer, in: database) else { throw ChatError.notFound }
            let attachment = Attachment(
                id: Identifier.makeSortable(prefix: "att_", at: now), chatID: chat.id, websiteID: chat.websiteID,
                uploader: viewer.principal, name: draft.name, contentType: draft.contentType, size: draft.size,
                sha256: draft.sha256, width: draft.width, height: draft.height, createdAt: now)
            try AttachmentRows.insert(attachment, chatRow: chat.row, in: database)
            return attachment
        }
    }

    /// The attachment if the viewer may see its chat; nil as well when there is none.
    public func find(_ id: String, by viewer: Viewer) async throws -> Attachment? {
        try await store.read { database in
            guard let (chatRow, attachment) = try AttachmentRows.find(id, websiteID: viewer.websiteID, in: database),
                  let chat = try ChatRows.find(row: chatRow, in: database), viewer.canSee(chat) else { return nil }
            return attachment
        }
    }
}
