import Chat
import HTTP
import Media

/// What the head of an upload (`POST /api/v1/chats/{id}/attachments`, contract §8) says, checked
/// before any byte of its body is read: the caller, the file's name and declared type, and the
/// size it may have. A client that may not upload learns it before sending megabytes.
struct AttachmentUpload: Sendable {
    let viewer: Viewer
    let name: String
    /// The declared media type's essence, lowercase.
    let contentType: String
    let files: AttachmentStorage
    let maxBytes: Int

    init(_ head: HTTPRequestHead, _ app: AppContext) throws(APIError) {
        files = app.attachmentStorage
        viewer = try app.viewer(of: try app.authenticate(head))
        guard let query = URLQuery.parse(head.query) else {
            throw APIError(.badRequest, "bad_request", "The query string is not valid percent-encoded UTF-8.")
        }
        do throws(ValidationError) {
            name = try AttachmentName.validate(query.first { $0.name == "name" }?.value)
        } catch {
            throw APIError.invalid(error)
        }
        let settings = app.directory.record(for: viewer.websiteID)?.website.attachments ?? AttachmentSettings()
        guard let declared = head.headers["content-type"].flatMap(MediaType.init), settings.types.contains(declared.essence.lowercased()) else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", settings.types.isEmpty
                ? "This website accepts no attachments."
                : "Content-Type must be one of: \(settings.types.joined(separator: ", ")).")
        }
        contentType = declared.essence.lowercased()
        maxBytes = min(settings.maxBytes, app.maxAttachmentBytes)
    }

    /// Where the body is written while it arrives, and how large it may be.
    var spoolPolicy: BodySpoolPolicy {
        BodySpoolPolicy(maxBytes: maxBytes, directory: files.incoming)
    }
}
