/// The status line and the framing headers of an HTTP/1.1 response, parsed from its head.
struct ResponseHead: Equatable {
    let status: Int
    /// nil when the response has no `Content-Length` (chunked, or until the connection closes).
    let contentLength: Int?
    let isChunked: Bool
    /// Whether the connection may carry another request after this response.
    let keepsAlive: Bool

    /// Parses the bytes before the blank line (without it).
    init(_ head: ArraySlice<UInt8>) throws(OutboundError) {
        let lines = head.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
        guard let statusLine = lines.first.map({ String(decoding: $0, as: UTF8.self) }) else { throw .malformedResponse("no status line") }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0", parts[1].count == 3,
              let status = Int(parts[1]), (100...599).contains(status) else {
            throw .malformedResponse("the status line is not HTTP/1.x with a three-digit code")
        }
        self.status = status
        var contentLength: Int?
        var chunked = false
        var keepsAlive = parts[0] == "HTTP/1.1"
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .malformedResponse("a header line has no colon") }
            let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmed(of: " \t").lowercased()
            switch name {
            case "content-length":
                guard let length = Int(value), length >= 0, contentLength == nil || contentLength == length else {
                    throw .malformedResponse("Content-Length is not one number")
                }
                contentLength = length
            case "transfer-encoding":
                chunked = value.hasSuffix("chunked")
                if !chunked { keepsAlive = false }
            case "connection":
                if value.contains("close") { keepsAlive = false }
                if value.contains("keep-alive") { keepsAlive = true }
            default:
                break
            }
        }
        if chunked { contentLength = nil }
        self.contentLength = contentLength
        isChunked = chunked
        // 204 and 304 have no body by definition: framed without a length (RFC 9112 §6.3).
        self.keepsAlive = keepsAlive && (chunked || contentLength != nil || status == 204 || status == 304)
    }
}

extension String {
    /// The text without the characters of `set` at either end.
    func trimmed(of set: String) -> String {
        let trimmed = Set(set)
        return String(drop { trimmed.contains($0) }.reversed().drop { trimmed.contains($0) }.reversed())
    }
}
