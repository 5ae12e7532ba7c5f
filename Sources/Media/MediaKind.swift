/// The file formats WebChatKit recognises from their first bytes: the formats of the default
/// allowed attachment types that have a signature (`text/plain` has none).
public enum MediaKind: String, Sendable, CaseIterable {
    case png
    case jpeg
    case gif
    case webp
    case pdf
    /// None of the above: text, or a format this module does not read.
    case unknown

    /// How many leading bytes decide the kind: the longest signature, WebP's `RIFF size WEBP VP8?`.
    /// Given at least this many, the kind of a file never changes with more bytes; given fewer, a
    /// file can only look `unknown` (no signature is a prefix of another kind's).
    public static let signatureLength = 16

    /// The kind whose signature starts `bytes`. Looks at no more than `signatureLength` bytes.
    public init(signatureOf bytes: [UInt8]) {
        let view = Bytes(bytes: bytes)
        if view.matches([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], at: 0) {
            self = .png
        } else if view.matches([0xFF, 0xD8, 0xFF], at: 0) {
            // SOI and the 0xFF of the next marker: a lone FF D8 is too weak a signature.
            self = .jpeg
        } else if view.matches(Array("GIF87a".utf8), at: 0) || view.matches(Array("GIF89a".utf8), at: 0) {
            self = .gif
        } else if view.matches(Array("RIFF".utf8), at: 0), view.matches(Array("WEBP".utf8), at: 8),
                  ["VP8 ", "VP8L", "VP8X"].contains(where: { view.matches(Array($0.utf8), at: 12) }) {
            self = .webp
        } else if view.matches(Array("%PDF-".utf8), at: 0) {
            self = .pdf
        } else {
            self = .unknown
        }
    }

    /// The media type (RFC 9110, lowercase) that names this format; `nil` for `unknown`.
    public var mediaType: String? {
        switch self {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .pdf: "application/pdf"
        case .unknown: nil
        }
    }

    /// Whether `ImageDimensions` can read a width and height from this format's header.
    public var isImage: Bool {
        switch self {
        case .png, .jpeg, .gif, .webp: true
        case .pdf, .unknown: false
        }
    }

    /// The kind a declared media type essence (lowercase `type/subtype`) names, if it names one.
    init?(mediaType essence: String) {
        guard let kind = Self.allCases.first(where: { $0.mediaType == essence }) else { return nil }
        self = kind
    }
}
