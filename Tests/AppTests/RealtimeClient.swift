import JSON
import TestSupport
import WebSocket

/// A client of the realtime protocol (contract §5) for tests, on the raw WebSocket test client.
final class RealtimeClient: Sendable {
    let socket: TestWebSocket

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    convenience init(_ app: TestApp, origin: String? = nil, source: String? = nil) throws {
        try self.init(port: app.port, origin: origin, source: source)
    }

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    init(port: Int, origin: String? = nil, source: String? = nil) throws {
        socket = try TestWebSocket(port: port, path: "/api/v1/realtime", headers: origin.map { ["Origin: \($0)"] } ?? [],
                                   source: source)
        guard socket.handshake.status == 101 else {
            throw RawClient.Failure(description: "handshake refused: \(socket.handshake.status) \(socket.handshake.text)")
        }
    }

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func send(_ json: String) throws {
        try socket.sendText(json)
    }

    /// Says hello and returns the welcome.
    @discardableResult
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func hello(_ token: String, cursor: String? = nil, filters: String? = nil) throws -> JSONValue {
        var hello = #"{"type":"hello","token":"\#(token)""#
        if let cursor { hello += #","cursor":"\#(cursor)""# }
        if let filters { hello += #","filters":\#(filters)"# }
        try send(hello + "}")
        let welcome = try next()
        guard welcome["type"]?.stringValue == "welcome" else {
            throw RawClient.Failure(description: "expected a welcome, got \(welcome.jsonText)")
        }
        return welcome
    }

    /// The next message as raw text; throws when the connection ends instead.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func nextText() throws -> String {
        while let event = socket.next() {
            switch event {
            case .message(.text, let payload): return String(decoding: payload, as: UTF8.self)
            case .ping: continue
            case .close(let code, let reason): throw Closed(code: code, reason: reason)
            default: throw RawClient.Failure(description: "unexpected frame \(event)")
            }
        }
        throw Closed(code: nil, reason: "connection ended")
    }

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func next() throws -> JSONValue {
        try JSONValue(parsing: try nextText())
    }

    /// The next message that is an event (not an ack, pong or error).
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func nextEvent() throws -> JSONValue {
        while true {
            let message = try next()
            if message["id"] != nil { return message }
        }
    }

    /// The next message that is not an event: an ack, a pong or an error.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func nextReply() throws -> JSONValue {
        while true {
            let message = try next()
            if message["id"] == nil { return message }
        }
    }

    /// Reads events until one satisfies `stop`, returning all of them.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func events(until stop: (JSONValue) -> Bool) throws -> [JSONValue] {
        var events: [JSONValue] = []
        while true {
            let event = try nextEvent()
            events.append(event)
            if stop(event) { return events }
        }
    }

    /// The close code the server ends with, reading past any messages.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func closeCode() -> UInt16? {
        while true {
            do {
                _ = try nextText()
            } catch let closed as Closed {
                return closed.code
            } catch {
                return nil
            }
        }
    }

    struct Closed: Error {
        let code: UInt16?
        let reason: String
    }
}

extension TestApp.Caller {
    /// Sends a message through REST and returns the message object.
    @discardableResult
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func sendMessage(_ text: String, chat: String? = nil, metadata: String? = nil) throws -> JSONValue {
        if let chat {
            return try expect(201, "POST", "/api/v1/chats/\(chat)/messages", json: #"{"text":"\#(text)"}"#)
        }
        let body = try expect(201, "POST", "/api/v1/messages", json: #"{"text":"\#(text)","metadata":\#(metadata ?? "{}")}"#)
        return body["message"] ?? .null
    }

    /// Polls once: the events and the next cursor.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func poll(cursor: String?, query: String = "") throws -> (events: [JSONValue], cursor: String, hasMore: Bool) {
        var path = "/api/v1/events?" + query
        if let cursor { path += (query.isEmpty ? "" : "&") + "cursor=\(cursor)" }
        let body = try expect(200, "GET", path)
        return (body["events"]?.arrayValue ?? [], body["cursor"]?.stringValue ?? "", body["has_more"]?.boolValue ?? false)
    }

    /// The raw `events` array of one poll, for byte comparisons.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func pollRaw(cursor: String, query: String = "") throws -> [String] {
        let response = try call("GET", "/api/v1/events?cursor=\(cursor)" + (query.isEmpty ? "" : "&" + query))
        return try response.json()["events"]?.arrayValue?.map(\.jsonText) ?? []
    }
}

extension TestApp {
    /// A realtime connection that said hello with `token` (and the cursor and filters given).
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func realtime(_ token: String, cursor: String? = nil, filters: String? = nil) throws -> RealtimeClient {
        let client = try RealtimeClient(self)
        try client.hello(token, cursor: cursor, filters: filters)
        return client
    }
}
