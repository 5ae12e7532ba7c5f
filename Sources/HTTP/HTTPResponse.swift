import EventLoop

/// A response as a handler builds it. The server adds `Date`, `Content-Length`, `Connection` and
/// its configured default headers, and leaves out the body where HTTP forbids one (HEAD, 204, 304).
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: [(name: String, value: String)]
    /// Header lines already encoded (`Name: value` CRLF each), written as they are after
    /// `headers`: for answers prepared once and sent many times, such as static files. Whoever
    /// builds them vouches that they are well-formed.
    public var encodedHeaderLines: [UInt8]
    public var body: [UInt8]
    /// When set, the body is these bytes of a file instead of `body` (which is then ignored),
    /// sent with `sendfile(2)` without passing through this process's memory.
    public var bodyFile: FileSlice?

    public init(status: HTTPStatus, headers: [(name: String, value: String)] = [], encodedHeaderLines: [UInt8] = [],
                body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.encodedHeaderLines = encodedHeaderLines
        self.body = body
    }

    /// A response whose body is sent from a file.
    public init(status: HTTPStatus, headers: [(name: String, value: String)] = [], encodedHeaderLines: [UInt8] = [],
                bodyFile: FileSlice) {
        self.init(status: status, headers: headers, encodedHeaderLines: encodedHeaderLines)
        self.bodyFile = bodyFile
    }
}

/// What a handler answers: a response it could produce at once on the event loop, or work that
/// must run elsewhere (anything that blocks, such as the store) and completes later. The loop
/// never waits for such work; it keeps serving other connections and writes the response, in
/// request order, when it arrives.
public enum HTTPReply: Sendable {
    case response(HTTPResponse)
    /// Async work, run as a task on Swift's cooperative pool.
    case deferred(@Sendable () async -> HTTPResponse)
    /// Work started on the loop that hands its answer to the given function later, from any
    /// thread (once). For hot paths that go straight to another thread, such as the store's
    /// writer: no task, no continuation, one hop there and one back.
    case callback(@Sendable (_ respond: @escaping @Sendable (HTTPResponse) -> Void) -> Void)
    /// A `101 Switching Protocols` answer, after which `takeOver` builds the connection's new
    /// owner (a WebSocket, for instance). No request after this one is read as HTTP.
    case switchProtocols(HTTPResponse, takeOver: ProtocolSwitch)
}

/// The application side of the server.
public protocol HTTPHandler: Sendable {
    /// Called on an event loop thread for each complete request: must not block.
    func handle(_ request: HTTPRequest) -> HTTPReply
    /// The response for a request the server refused itself (malformed, over a limit, too slow),
    /// so that even those errors come in the application's error format.
    func errorResponse(for error: HTTPParseError) -> HTTPResponse
    /// Where the body of a request goes, asked on the event loop once its head is complete and
    /// before any byte of its body is read (only for requests that announce a body). Must not
    /// block. By default every body is kept in memory under the general limit.
    func bodyDestination(for head: HTTPRequestHead) -> BodyDestination
}

extension HTTPHandler {
    public func bodyDestination(for head: HTTPRequestHead) -> BodyDestination { .memory }
}
