import Synchronization
import Threads
import WebSocket

/// A WebSocket client for tests, on raw bytes: the handshake is written by hand, frames come
/// from the codec in its client role, so a test can also send frames no real client would.
public final class TestWebSocket: Sendable {
    public let raw: RawClient
    public let handshake: RawResponse
    private let decoder = Mutex(WebSocketFrameDecoder(role: .client, maximumMessageSize: 1 << 24))

    public static let key = "dGhlIHNhbXBsZSBub25jZQ=="

    /// Connects and performs the opening handshake; `extra` is sent right behind the request,
    /// in the same write.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public init(port: Int, path: String = "/", headers: [String] = [], extra: [UInt8] = [], source: String? = nil,
                receiveTimeoutSeconds: Int = 30) throws {
        raw = try RawClient(port: port, source: source, receiveTimeoutSeconds: receiveTimeoutSeconds)
        let lines = ["GET \(path) HTTP/1.1", "Host: test", "Upgrade: websocket", "Connection: Upgrade",
                     "Sec-WebSocket-Key: \(Self.key)", "Sec-WebSocket-Version: 13"] + headers
        try raw.send(Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + extra)
        handshake = try raw.readResponse()
    }

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func send(_ bytes: [UInt8]) throws { try raw.send(bytes) }

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func sendText(_ text: String) throws {
        try raw.send(WebSocketFrameEncoder.text(text, maskingKey: 0x1234_5678))
    }

    /// The next frame or message from the server, or nil once the server closed the TCP
    /// connection (or the receive timeout passed).
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func next() -> WebSocketFrameDecoder.Event? {
        while true {
            let event = decoder.withLock { $0.nextEvent() }
            if event != .needMore { return event }
            let bytes = raw.receive()
            if bytes.isEmpty { return nil }
            decoder.withLock { $0.append(bytes) }
        }
    }

    /// From now on answers the server's pings and drops everything else, on a thread of its own,
    /// until the connection ends: for a connection a test keeps open without reading it (an agent
    /// who must stay online), which the server would otherwise close, on a slow machine, for
    /// unanswered pings or a full socket. Nothing else may read the connection afterwards.
    public func keepAnswering() throws {
        try PlatformThread.detach(name: "test-keep-answering") { [self] in
            var idle = 0
            // The receive timeout (30 s) ends a read with nothing; the connection is over when the
            // server closed it, or after a minute of silence (a test long finished).
            while idle < 2 {
                guard let event = next() else {
                    if raw.isClosedByPeer() { return }
                    idle += 1
                    continue
                }
                idle = 0
                if case .ping(let payload) = event {
                    do {
                        try raw.send(try WebSocketFrameEncoder.pong(payload, maskingKey: 0x1234_5678))
                    } catch {
                        return  // the server closed it: the test that kept it sees that itself
                    }
                }
            }
        }
    }

    /// The next text message, skipping pings.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func nextText() -> String? {
        while let event = next() {
            switch event {
            case .message(.text, let payload): return String(decoding: payload, as: UTF8.self)
            case .ping: continue
            default: return nil
            }
        }
        return nil
    }
}

