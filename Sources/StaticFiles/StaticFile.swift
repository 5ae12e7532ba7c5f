import EventLoop

/// One file of `Public/`, with every byte and header value a response needs already computed,
/// so answering a request costs neither a system call nor any compression.
///
/// A class rather than a struct so that handing it out from the catalog's cache is a single
/// retain, whatever the number of fields.
public final class StaticFile: Sendable {
    /// The `Content-Type` value, chosen from the extension of the file's resolved name.
    public let contentType: String
    /// The file's bytes as they were when it was loaded.
    public let body: [UInt8]
    /// A strong, quoted entity tag derived from `body` alone, so it survives restarts and is the
    /// same on every server that holds the same bytes.
    public let etag: String
    /// The gzip encoding of `body`, present only for compressible media types and only when it is
    /// smaller than `body`.
    public let gzipBody: [UInt8]?
    /// The entity tag of `gzipBody`. It differs from `etag` because the bytes on the wire differ,
    /// and a cache must not answer one representation with the other.
    public let gzipETag: String?
    /// The `Cache-Control` value, `publicCacheControl` for every file.
    public let cacheControl: String
    /// The `Last-Modified` value: the file's modification time as an IMF-fixdate.
    public let lastModified: String?

    private let identity: StaticFileRepresentation
    private let gzipped: StaticFileRepresentation?

    init(
        contentType: String,
        body: [UInt8],
        etag: String,
        gzipBody: [UInt8]?,
        gzipETag: String?,
        cacheControl: String,
        lastModified: String?,
        sealedBody: FileSlice?,
        sealedGzipBody: FileSlice?
    ) {
        self.contentType = contentType
        self.body = body
        self.etag = etag
        self.gzipBody = gzipBody
        self.gzipETag = gzipETag
        self.cacheControl = cacheControl
        self.lastModified = lastModified
        let varies = gzipBody != nil
        identity = StaticFileRepresentation(body: body, sealedBody: sealedBody, etag: etag, contentEncoding: nil, contentType: contentType,
                                            cacheControl: cacheControl, lastModified: lastModified, varies: varies)
        gzipped = gzipBody.map { gzipBody in
            StaticFileRepresentation(body: gzipBody, sealedBody: sealedGzipBody, etag: gzipETag ?? etag, contentEncoding: "gzip",
                                     contentType: contentType, cacheControl: cacheControl, lastModified: lastModified, varies: varies)
        }
    }

    /// The memory this file holds: its bodies, and their sealed copies.
    var byteCount: Int {
        body.count + (gzipBody?.count ?? 0) + (identity.sealedBody?.count ?? 0) + (gzipped?.sealedBody?.count ?? 0)
    }

    /// `public, max-age=300`: the files of `Public/` (the widget script above all) are loaded from
    /// unversioned URLs embedded in other people's pages, so a long lifetime would keep a fixed bug
    /// alive in browsers for days. Five minutes spares most repeat downloads, and after that the
    /// `ETag` turns each check into a cheap `304`.
    public static let publicCacheControl = "public, max-age=300"

    /// Whether responses for this file depend on `Accept-Encoding`; when true, every response for
    /// it (gzipped or not) should carry `Vary: Accept-Encoding` so shared caches keep both apart.
    public var hasGzipVariant: Bool { gzipBody != nil }

    /// The bytes and validator to send to a client with the given `Accept-Encoding`, so that the
    /// body, its `ETag` and its `Content-Encoding` are always chosen together.
    public func representation(acceptEncoding: String?) -> StaticFileRepresentation {
        if let gzipped, ContentNegotiation.acceptsGzip(acceptEncoding) { return gzipped }
        return identity
    }
}

/// What goes on the wire for one request: the body, the `ETag` to compare `If-None-Match` against,
/// the `Content-Encoding` (nil when the body is sent as is), and the header lines of its answers,
/// encoded once when the file was loaded so that a hit copies them instead of formatting them.
public struct StaticFileRepresentation: Sendable {
    public let body: [UInt8]
    /// The same bytes in a sealed memfd, for bodies of `SealedBody.minimumBytes` or more: sent
    /// with `sendfile`, they skip the copy from this process into the socket.
    public let sealedBody: FileSlice?
    public let etag: String
    public let contentEncoding: String?
    /// `Content-Type`, `ETag`, `Cache-Control`, `Vary`, `Last-Modified` and `Content-Encoding`
    /// lines, each ending in CRLF, for a `200`.
    public let headerLines: [UInt8]
    /// The lines a `304` repeats (RFC 9110 §15.4.5): `ETag`, `Cache-Control`, `Vary`,
    /// `Last-Modified`.
    public let notModifiedHeaderLines: [UInt8]

    init(body: [UInt8], sealedBody: FileSlice?, etag: String, contentEncoding: String?, contentType: String, cacheControl: String,
         lastModified: String?, varies: Bool) {
        self.body = body
        self.sealedBody = sealedBody
        self.etag = etag
        self.contentEncoding = contentEncoding
        var validators = "ETag: \(etag)\r\nCache-Control: \(cacheControl)\r\n"
        if varies { validators += "Vary: Accept-Encoding\r\n" }
        if let lastModified { validators += "Last-Modified: \(lastModified)\r\n" }
        var full = "Content-Type: \(contentType)\r\n" + validators
        if let contentEncoding { full += "Content-Encoding: \(contentEncoding)\r\n" }
        headerLines = Array(full.utf8)
        notModifiedHeaderLines = Array(validators.utf8)
    }
}
