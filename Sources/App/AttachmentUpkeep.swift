import Chat

/// Attachments that go: their bytes are deleted with the last row naming them, and uploads never sent
/// are deleted after a day (contract §8).
extension AppContext {
    /// Deletes the bytes of `digests` that no attachment names any more (a visitor's data
    /// deleted, unsent uploads expired). A failure is logged, not answered: the rows are gone,
    /// and bytes left behind are only space, taken again by the next upload of the same bytes.
    func removeAttachmentBytes(_ digests: [String]) async {
        guard !digests.isEmpty else { return }
        do {
            try await attachments.removeUnreferenced(digests) { digest, database in try attachmentStorage.remove(sha256: digest, in: database) }
        } catch {
            logger.failure("removing the bytes of deleted attachments failed", error, ["files": "\(Set(digests).count)"])
        }
    }

    /// Deletes the uploads older than `lifetime` that no message sent, then their bytes.
    func deleteUnsentAttachments(olderThan lifetime: Duration) async throws {
        let digests = try await attachments.deleteUnsent(olderThan: lifetime)
        if !digests.isEmpty { logger.info("deleted uploads that were never sent", ["count": "\(digests.count)"]) }
        await removeAttachmentBytes(digests)
    }
}
