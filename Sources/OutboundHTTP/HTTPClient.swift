import Clock

/// A small HTTP/1.1 client for POSTing JSON to URLs others chose (webhooks): it connects only to
/// addresses it checked, verifies TLS, follows no redirect (a 3xx is an answer like any other),
/// bounds every wait by one deadline and reads at most `maxBodyBytes` of an answer's body. It
/// knows nothing about what it sends. Calls block their thread: run them on threads made for it.
public struct HTTPClient: Sendable {
    public var rules: DestinationRules
    public let tls: TLSClientContext?
    /// How long one request may take, from resolving to the last byte of the answer.
    public var timeoutNanoseconds: UInt64 = 10_000_000_000
    public static let maxHeadBytes = 16 * 1024
    public static let maxBodyBytes = 64 * 1024

    public init(rules: DestinationRules, tls: TLSClientContext?) {
        self.rules = rules
        self.tls = tls
    }

    /// What came back: the status, and the connection when it may carry the next request.
    public struct Answer {
        public let status: Int
        public let connection: OutboundConnection?
    }

    /// POSTs `body` with `headers` to `url`, over `reusing` when that is a live connection to the
    /// same URL's origin (one that fails before an answer — the receiver closed it while idle —
    /// is replaced once by a new one), otherwise over a new connection to an address checked by
    /// `rules`.
    public func post(_ url: OutboundURL, headers: [(String, String)], body: [UInt8],
                     reusing: OutboundConnection? = nil) throws(OutboundError) -> Answer {
        let deadline = MonotonicClock.nanoseconds() + timeoutNanoseconds
        let request = Self.encode(url, headers: headers, body: body)
        if let reusing, reusing.url.isHTTPS == url.isHTTPS, reusing.url.host == url.host, reusing.url.port == url.port {
            do throws(OutboundError) {
                return try exchange(request, over: reusing, deadline: deadline)
            } catch where error != .timeout {
                // The receiver closed the idle connection meanwhile: a new one below.
            }
        }
        let connection = try connect(url, deadline: deadline)
        return try exchange(request, over: connection, deadline: deadline)
    }

    /// Resolves the URL's host once, refuses it when any address is not allowed, and connects to
    /// those very addresses.
    func connect(_ url: OutboundURL, deadline: UInt64) throws(OutboundError) -> OutboundConnection {
        try rules.check(url)
        let addresses = try IPAddress.resolve(url.host, port: url.port)
        try rules.check(addresses)
        return try OutboundConnection.open(to: url, addresses: addresses, tls: tls, deadline: deadline)
    }

    private func exchange(_ request: [UInt8], over connection: OutboundConnection, deadline: UInt64) throws(OutboundError) -> Answer {
        try connection.write(request, deadline: deadline)
        var reader = ResponseReader(connection: connection, deadline: deadline)
        let head = try reader.readHead()
        // The status is the answer; a body that does not end as framed only costs the connection.
        do throws(OutboundError) {
            let complete = try reader.skipBody(head)
            return Answer(status: head.status, connection: head.keepsAlive && complete ? connection : nil)
        } catch {
            return Answer(status: head.status, connection: nil)
        }
    }

    static func encode(_ url: OutboundURL, headers: [(String, String)], body: [UInt8]) -> [UInt8] {
        var text = "POST \(url.target) HTTP/1.1\r\nHost: \(url.hostHeader)\r\nUser-Agent: WebChatKit-Webhooks/1\r\n"
        text += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        var bytes = Array(text.utf8)
        bytes.append(contentsOf: body)
        return bytes
    }
}
