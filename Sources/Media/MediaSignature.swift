/// What the first bytes of an upload say it is, and whether that contradicts the media type the
/// client declared (contract §8: such an upload is refused with `415`).
///
/// The kind needs `MediaKind.signatureLength` (16) bytes; the text verdict reads every byte given.
/// The upload route gives the first 64 KiB (or the whole file when smaller), so `text/plain` is
/// checked on that much and no more.
public struct MediaSignature: Sendable, Equatable {
    public let kind: MediaKind
    public let text: TextVerdict

    /// `isWholeFile` says whether `bytes` is the whole file or only its start (see `TextVerdict`).
    public init(_ bytes: [UInt8], isWholeFile: Bool) {
        kind = MediaKind(signatureOf: bytes)
        text = TextVerdict(bytes, isWholeFile: isWholeFile)
    }

    /// Whether the bytes contradict `declared`, a `Content-Type` value:
    ///
    /// - a type this module has a signature for (`image/png`, `image/jpeg`, `image/gif`,
    ///   `image/webp`, `application/pdf`) is contradicted unless the bytes carry that signature;
    /// - `text/plain` is contradicted by any of those signatures, by bytes that are not UTF-8 and by
    ///   a NUL byte, whatever its `charset` parameter says (text attachments are UTF-8);
    /// - a value that is not a media type at all is contradicted, since no bytes can confirm it;
    /// - any other type is not: this module knows no signature for it, and whether it is allowed
    ///   at all is the website's allow-list's decision, not this one's.
    ///
    /// Type and subtype compare case-insensitively and parameters do not count (RFC 9110 §8.3.1).
    public func contradicts(declared: String) -> Bool {
        guard let declaredType = MediaType(declared) else { return true }
        if let declaredKind = MediaKind(mediaType: declaredType.essence) {
            return kind != declaredKind
        }
        if declaredType.essence == "text/plain" {
            return kind != .unknown || text != .utf8
        }
        return false
    }
}
