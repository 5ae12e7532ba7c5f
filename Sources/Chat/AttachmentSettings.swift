/// What a website accepts as attachments (contract §8). Every website has the defaults: the
/// per-website `attachments` setting of `PATCH /website` is not built yet, and the operator's
/// `--max-attachment-bytes` bounds the size whatever a website would allow.
public struct AttachmentSettings: Sendable, Equatable {
    public var maxBytes: Int
    /// Media type essences, lowercase. SVG and HTML are absent by default: a browser runs their
    /// scripts (and they are never served inline, even when allowed).
    public var types: Set<String>

    public static let standard = AttachmentSettings(
        maxBytes: 10 * 1024 * 1024,
        types: ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"])

    /// The types a download shows inline (`Content-Type` kept): images a browser only draws.
    /// Everything else is served as `application/octet-stream` with `Content-Disposition:
    /// attachment`, so no upload ever runs as a page of this origin.
    public static let inlineTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp"]

    public init(maxBytes: Int, types: Set<String>) {
        self.maxBytes = maxBytes
        self.types = types
    }
}
