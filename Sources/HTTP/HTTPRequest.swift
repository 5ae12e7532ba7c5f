/// A parsed request head: everything before the body, and what the parser decided about framing.
public struct HTTPRequestHead: Sendable {
    public let method: HTTPMethod
    public let version: HTTPVersion
    public let headers: HTTPHeaders
    let targetRange: Range<Int>
    let pathRange: Range<Int>
    let queryRange: Range<Int>?
    /// Whether the connection may carry another request after this one.
    public let keepAlive: Bool
    /// The client sent `Expect: 100-continue` and waits for a go-ahead before its body.
    public let expectsContinue: Bool

    /// The request target as sent (`/chats?status=open`).
    public var target: String { String(decoding: headers.bytes[targetRange], as: UTF8.self) }
    /// The path part of the target, still percent-encoded (`/chats`).
    public var path: String { pathRange.isEmpty ? "/" : String(decoding: headers.bytes[pathRange], as: UTF8.self) }
    /// The query string without `?`, or nil when the target has none.
    public var query: String? { queryRange.map { String(decoding: headers.bytes[$0], as: UTF8.self) } }
}

/// A complete request handed to a handler.
public struct HTTPRequest: Sendable {
    public let head: HTTPRequestHead
    /// The body, when it was kept in memory (`BodyDestination.memory`); empty when it was
    /// streamed to a file.
    public let body: [UInt8]
    /// The body, when the handler chose to have it streamed to a file (`BodyDestination.file`).
    public let spooledBody: SpooledBody?
    /// The client's numeric IP address, for per-client limits and logs.
    public let remoteAddress: String

    public init(head: HTTPRequestHead, body: [UInt8], remoteAddress: String, spooledBody: SpooledBody? = nil) {
        self.head = head
        self.body = body
        self.spooledBody = spooledBody
        self.remoteAddress = remoteAddress
    }

    public var method: HTTPMethod { head.method }
    public var headers: HTTPHeaders { head.headers }
    public var path: String { head.path }
    public var query: String? { head.query }
}
