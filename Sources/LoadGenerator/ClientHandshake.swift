import WebSocket

/// The client's half of the opening handshake (RFC 6455 §4.1): the request with a fresh random
/// key, and the checks a `101` must pass. Shared by the blocking client and the load runner's
/// non-blocking connections, which differ only in how they move the bytes.
struct ClientHandshake: Sendable {
    /// The complete request.
    let request: [UInt8]
    /// The `Sec-WebSocket-Accept` the server must answer for the key that was sent.
    let expectedAccept: String

    /// `headers` are added after the standard fields; one named like a standard field (`Host`,
    /// `Upgrade`, `Connection`, `Sec-WebSocket-Key`, `Sec-WebSocket-Version`) replaces it, so a
    /// test can send a handshake a server must refuse.
    init(path: String, authority: String, headers: [(name: String, value: String)]) throws(WebSocketClientError) {
        guard path.hasPrefix("/"), !path.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
            throw .invalidRequest("the path must start with / and contain no spaces or control characters: \(path)")
        }
        for header in headers {
            guard !header.name.isEmpty, !header.name.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: ":") || $0 >= 0x7F }),
                  !header.value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else {
                throw .invalidRequest("header \(header.name) is not a valid field")
            }
        }
        var nonce = SystemRandomNumberGenerator()
        let keyBytes = withUnsafeBytes(of: (nonce.next() as UInt64, nonce.next() as UInt64)) { Array($0) }
        var fields: [(name: String, value: String)] = [
            ("Host", authority), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", Base64.encode(keyBytes)), ("Sec-WebSocket-Version", "13"),
        ]
        for header in headers {
            if let standard = fields.firstIndex(where: { $0.name.lowercased() == header.name.lowercased() }), standard < 5 {
                fields[standard].value = header.value
            } else {
                fields.append(header)
            }
        }
        let key = fields[3].value
        guard let accept = WebSocketHandshake.acceptValue(forKey: key) else {
            throw .invalidRequest("libcrypto could not hash the key")
        }
        var text = "GET \(path) HTTP/1.1\r\n"
        for field in fields { text += "\(field.name): \(field.value)\r\n" }
        text += "\r\n"
        request = Array(text.utf8)
        expectedAccept = accept
    }

    /// Checks a `101` answer: it must upgrade to websocket, prove it read our key, and switch on
    /// nothing we did not ask for (an extension would change the meaning of the frames).
    func verify(_ response: HandshakeResponse) throws(WebSocketClientError) {
        guard response.status == 101 else { throw .handshakeRefused(response) }
        guard let upgrade = response.value(of: "Upgrade"), Self.tokens(upgrade).contains("websocket") else {
            throw .malformedHandshake("101 without Upgrade: websocket")
        }
        guard let connection = response.value(of: "Connection"), Self.tokens(connection).contains("upgrade") else {
            throw .malformedHandshake("101 without Connection: Upgrade")
        }
        guard response.value(of: "Sec-WebSocket-Accept") == expectedAccept else {
            throw .malformedHandshake("missing or wrong Sec-WebSocket-Accept")
        }
        if let extensions = response.value(of: "Sec-WebSocket-Extensions") {
            throw .malformedHandshake("the server enabled extensions that were not asked for: \(extensions)")
        }
    }

    private static func tokens(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.filter { $0 != " " && $0 != "\t" }.lowercased() }
    }
}
