import Chat

/// Attachments that go: a file is deleted with the last row naming it, and uploads never sent
/// are deleted after a day (contract §8).
extension AppContext {
    /// Deletes the files of `digests` that no attachment names any more (a visitor's data
    /// deleted, unsent uploads expired). A failure is logged, not answered: the rows are gone,
    /// and a file left behind is only space, taken again by the next upload of the same bytes.
    func removeAttachmentFiles(_ digests: [String]) async {
        guard let attachmentFiles, !digests.isEmpty else { return }
        do {
            try await attachments.removeUnreferenced(digests) { digest in try attachmentFiles.remove(sha256: digest) }
        } catch {
            logger.failure("removing the files of deleted attachments failed", error, ["files": "\(Set(digests).count)"])
        }
    }

    /// Deletes the uploads older than `lifetime` that no message sent, then their files.
    func deleteUnsentAttachments(olderThan lifetime: Duration) async throws {
        guard attachmentFiles != nil else { return }
        let digests = try await attachments.deleteUnsent(olderThan: lifetime)
        if !digests.isEmpty { logger.info("deleted uploads that were never sent", ["count": "\(digests.count)"]) }
        await removeAttachmentFiles(digests)
    }
}
