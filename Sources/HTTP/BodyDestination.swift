/// Where a request's body goes, chosen by the handler from the request's head before any byte of
/// the body is read (`HTTPHandler.bodyDestination(for:)`).
public enum BodyDestination: Sendable {
    /// Kept in memory under the general limit (`HTTPLimits.maxBodyBytes`) and handed over as
    /// `HTTPRequest.body`: every ordinary request.
    case memory
    /// Written to a temporary file as it arrives, never held whole in memory, and handed over as
    /// `HTTPRequest.spooledBody`: for routes that take files (uploads).
    case file(BodySpoolPolicy)
    /// Answered with this response without reading the body, and the connection closed (the
    /// body's bytes would be the next request's otherwise): a client that may not upload at all
    /// learns it before sending megabytes.
    case refuse(HTTPResponse)
}

/// How a route takes bodies that are streamed to disk.
public struct BodySpoolPolicy: Sendable {
    /// The largest body accepted: over it, `413` from `Content-Length` before the body is read,
    /// or as soon as a chunked body passes it.
    public var maxBytes: Int
    /// Where the temporary files are created. A handler that keeps a file renames it, so this
    /// should be on the same file system as where it is kept.
    public var directory: String

    public init(maxBytes: Int, directory: String) {
        self.maxBytes = maxBytes
        self.directory = directory
    }
}
