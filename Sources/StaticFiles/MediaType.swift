/// The media type of a file, decided by its extension, and whether gzip is worth trying on it.
struct MediaType: Equatable {
    let contentType: String
    /// Text formats and WebAssembly shrink well; images, fonts and PDFs are compressed already.
    let isCompressible: Bool

    static let fallback = MediaType(contentType: "application/octet-stream", isCompressible: false)

    /// The media type for a file path such as `/srv/Public/widget.js`, from the extension of its
    /// last segment; unknown extensions are served as opaque bytes so that browsers never guess
    /// (the server also sends `nosniff`).
    init(path: ExactPath) {
        let bytes = path.string.utf8
        let name = bytes[(bytes.lastIndex(of: UInt8(ascii: "/")).map(bytes.index(after:)) ?? bytes.startIndex)...]
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")) else {
            self = .fallback
            return
        }
        switch String(decoding: name[name.index(after: dot)...], as: UTF8.self).lowercased() {
        case "js", "mjs": self.init(contentType: "text/javascript; charset=utf-8", isCompressible: true)
        case "html", "htm": self.init(contentType: "text/html; charset=utf-8", isCompressible: true)
        case "css": self.init(contentType: "text/css; charset=utf-8", isCompressible: true)
        case "txt": self.init(contentType: "text/plain; charset=utf-8", isCompressible: true)
        case "json", "map": self.init(contentType: "application/json", isCompressible: true)
        case "xml": self.init(contentType: "application/xml", isCompressible: true)
        case "svg": self.init(contentType: "image/svg+xml", isCompressible: true)
        case "wasm": self.init(contentType: "application/wasm", isCompressible: true)
        case "png": self.init(contentType: "image/png", isCompressible: false)
        case "jpg", "jpeg": self.init(contentType: "image/jpeg", isCompressible: false)
        case "gif": self.init(contentType: "image/gif", isCompressible: false)
        case "webp": self.init(contentType: "image/webp", isCompressible: false)
        case "ico": self.init(contentType: "image/x-icon", isCompressible: false)
        case "woff2": self.init(contentType: "font/woff2", isCompressible: false)
        case "woff": self.init(contentType: "font/woff", isCompressible: false)
        case "pdf": self.init(contentType: "application/pdf", isCompressible: false)
        default: self = .fallback
        }
    }

    private init(contentType: String, isCompressible: Bool) {
        self.contentType = contentType
        self.isCompressible = isCompressible
    }
}
