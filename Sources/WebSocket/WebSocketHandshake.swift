/// Decides whether an HTTP request is a valid RFC 6455 opening handshake (§4.2.1), so the
/// HTTP server can answer `101 Switching Protocols` or a precise error without knowing the rules.
public enum WebSocketHandshake {
    /// The GUID every server appends to the client's key (RFC 6455 §1.3).
    static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    public enum Outcome: Equatable, Sendable {
        /// Answer `101` with `Upgrade: websocket`, `Connection: Upgrade` and this `Sec-WebSocket-Accept`.
        case accept(secWebSocketAccept: String)
        case refuse(Refusal)
    }

    /// Why the request cannot be upgraded, with the HTTP status to answer.
    public struct Refusal: Error, Equatable, Sendable {
        /// 405 (not GET), 400 (malformed), or 426 (unsupported version).
        public let status: Int
        public let reason: String

        /// A 426 must tell the client which version we speak (RFC 6455 §4.2.2),
        /// so the caller adds `Sec-WebSocket-Version: 13` when this is true.
        public var requiresVersionHeader: Bool { status == 426 }
    }

    /// Evaluates the handshake headers. Header values are the raw field values; when a field
    /// appears on several lines, pass them joined with ", " (RFC 9110 §5.3).
    public static func evaluate(
        method: String,
        httpVersion: String,
        upgrade: String?,
        connection: String?,
        secWebSocketVersion: String?,
        secWebSocketKey: String?
    ) -> Outcome {
        guard method == "GET" else {
            return .refuse(Refusal(status: 405, reason: "WebSocket handshake requires GET"))
        }
        guard isHTTP11OrLater(httpVersion) else {
            return .refuse(Refusal(status: 400, reason: "WebSocket handshake requires HTTP/1.1 or later"))
        }
        guard let upgrade, containsToken("websocket", in: upgrade) else {
            return .refuse(Refusal(status: 400, reason: "Upgrade header must contain websocket"))
        }
        guard let connection, containsToken("upgrade", in: connection) else {
            return .refuse(Refusal(status: 400, reason: "Connection header must contain Upgrade"))
        }
        guard let secWebSocketVersion, trimmed(secWebSocketVersion) == "13" else {
            return .refuse(Refusal(status: 426, reason: "Sec-WebSocket-Version must be 13"))
        }
        guard let secWebSocketKey else {
            return .refuse(Refusal(status: 400, reason: "Sec-WebSocket-Key is missing"))
        }
        let key = trimmed(secWebSocketKey)
        guard Base64.decode(key)?.count == 16, let accept = acceptValue(forKey: key) else {
            return .refuse(Refusal(status: 400, reason: "Sec-WebSocket-Key must be base64 of 16 bytes"))
        }
        return .accept(secWebSocketAccept: accept)
    }

    /// base64(SHA-1(key + GUID)), proving to the client that we understood its handshake.
    public static func acceptValue(forKey key: String) -> String? {
        SHA1.digest(Array((key + acceptGUID).utf8)).map(Base64.encode)
    }

    private static func isHTTP11OrLater(_ version: String) -> Bool {
        let prefix = "HTTP/"
        guard version.hasPrefix(prefix) else { return false }
        let numbers = version.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count <= 2, let major = numbers.first.flatMap({ Int($0) }) else { return false }
        let minor = numbers.count == 2 ? Int(numbers[1]) : 0
        guard let minor else { return false }
        return major > 1 || (major == 1 && minor >= 1)
    }

    /// Case-insensitive membership in a comma-separated token list such as `keep-alive, Upgrade`.
    private static func containsToken(_ token: String, in list: String) -> Bool {
        list.split(separator: ",").contains { trimmed(String($0)).lowercased() == token }
    }

    private static func trimmed(_ value: String) -> String {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = value.firstIndex(where: { !isWhitespace($0) }),
              let end = value.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return String(value[start...end])
    }
}
