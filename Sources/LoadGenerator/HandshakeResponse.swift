/// The server's answer to an opening handshake: `101` with its headers when the upgrade
/// happened, or the refusal (status, headers and body) that tests check, e.g. `400` or `426`.
public struct HandshakeResponse: Sendable, CustomStringConvertible {
    public let status: Int
    public let reason: String
    /// Header fields in the order received, names as the server spelled them.
    public let headers: [(name: String, value: String)]
    /// Empty for `101`; for a refusal, the body framed by `Content-Length`, or everything up to
    /// the server's close when there is none.
    public internal(set) var body: [UInt8] = []

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The value of the first field called `name` (compared case-insensitively), or nil.
    public func value(of name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    public var description: String {
        "\(status) \(reason)" + (body.isEmpty ? "" : ": \(text)")
    }

    /// A head larger than this is not an answer to a handshake.
    static let maximumHeadBytes = 16 * 1024
    /// A refusal's body is kept up to this size.
    static let maximumBodyBytes = 1024 * 1024

    /// Parses a head from its status line through its final empty line (`\r\n\r\n` included).
    init(head: some Collection<UInt8>) throws(WebSocketClientError) {
        let text = String(decoding: head, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: true)[...]
        guard let statusLine = lines.popFirst() else { throw .malformedHandshake("empty response head") }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3,
              parts[1].allSatisfy({ ("0"..."9").contains($0) }), let status = Int(parts[1]) else {
            throw .malformedHandshake("bad status line \(String(statusLine.prefix(100)))")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw .malformedHandshake("header line without a colon") }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            headers.append((String(line[..<colon]), String(value.reversed().drop { $0 == " " || $0 == "\t" }.reversed())))
        }
        self.status = status
        reason = parts.count == 3 ? String(parts[2]) : ""
        self.headers = headers
    }

    /// The body length a refusal announces: a number, nil when absent (read to the close).
    func announcedBodyLength() throws(WebSocketClientError) -> Int? {
        if status < 200 || status == 204 || status == 304 { return 0 }
        guard let field = value(of: "Content-Length") else { return nil }
        guard !field.isEmpty, field.count <= 10, field.allSatisfy({ ("0"..."9").contains($0) }), let length = Int(field),
              length <= Self.maximumBodyBytes else {
            throw .malformedHandshake("bad Content-Length \(field)")
        }
        return length
    }

    /// The index just past the first `\r\n\r\n` in `bytes[from...]`, or nil.
    static func headEnd(in bytes: UnsafeRawBufferPointer, searchingFrom from: Int) -> Int? {
        var index = max(from, 0)
        while index + 4 <= bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 { return index + 4 }
            index += 1
        }
        return nil
    }
}
