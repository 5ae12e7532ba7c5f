import Glibc
import WebSocket

/// A WebSocket client on one blocking socket, for tests of a server and for scripted load: it
/// opens the connection, sends masked frames, and hands back one message at a time, answering
/// the server's pings (and its close) by itself as RFC 6455 requires.
///
/// It decodes with the same strict `WebSocketFrameDecoder` the server uses, so a server frame
/// that breaks the protocol fails loudly here instead of being tolerated. It belongs to the one
/// thread that drives it (blocking calls never run on Swift's cooperative pool), so it is
/// deliberately not `Sendable` and needs no lock.
public final class WebSocketClient {
    /// What `receive` hands back. Pings never show up: they are answered with a pong at once.
    public enum Incoming: Equatable, Sendable {
        case text(String)
        case binary([UInt8])
        /// The answer to a `ping`, with its payload.
        case pong([UInt8])
        /// The server's close frame; `code` is nil when it carried none. The client has already
        /// answered it (unless it had sent a close first), so the server may now end the connection.
        case close(code: UInt16?, reason: String)
    }

    /// Large enough for any message a test or a benchmark sends; a server message above it is a failure.
    public static let maximumMessageSize = 64 * 1024 * 1024

    /// The server's `101`, for tests that look at a header of the upgrade.
    public let handshake: HandshakeResponse
    private let connection: BlockingSocket
    private var decoder = WebSocketFrameDecoder(role: .client, maximumMessageSize: WebSocketClient.maximumMessageSize)
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var closeSent = false

    private init(connection: BlockingSocket, handshake: HandshakeResponse, leftover: ArraySlice<UInt8>) {
        self.connection = connection
        self.handshake = handshake
        decoder.append(leftover)
    }

    deinit {
        connection.close()
    }

    /// Resolves `host`, then connects as `connect(to:path:headers:timeoutSeconds:)` does.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public static func connect(host: String, port: Int, path: String = "/", headers: [(name: String, value: String)] = [],
                               timeoutSeconds: Double = 10) throws(WebSocketClientError) -> WebSocketClient {
        let address: ServerAddress
        do {
            address = try ServerAddress(host: host, port: port)
        } catch {
            throw .address(error.description)
        }
        return try connect(to: address, path: path, headers: headers, timeoutSeconds: timeoutSeconds)
    }

    /// Opens a TCP connection and performs the opening handshake. A `101` that passes every check
    /// of RFC 6455 §4.1 gives a client; any other answer throws `.handshakeRefused` with the
    /// status, headers and body, after which the socket is closed. `headers` are sent after the
    /// standard fields, and one named like a standard field replaces it (a test can send
    /// `Sec-WebSocket-Version: 8`). `timeoutSeconds` bounds the connect and each wait of the handshake.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public static func connect(to address: ServerAddress, path: String = "/", headers: [(name: String, value: String)] = [],
                               timeoutSeconds: Double = 10) throws(WebSocketClientError) -> WebSocketClient {
        let handshake = try ClientHandshake(path: path, authority: address.authority, headers: headers)
        let socket = try BlockingSocket.connect(to: address, timeoutSeconds: timeoutSeconds)
        do {
            try socket.sendAll(handshake.request)
            let (response, leftover) = try readHandshakeResponse(from: socket, timeoutSeconds: timeoutSeconds)
            try handshake.verify(response)
            return WebSocketClient(connection: socket, handshake: response, leftover: leftover)
        } catch {
            socket.close()
            throw error
        }
    }

    /// Reads the head (and for a refusal, the body) of the answer; returns the bytes read past it.
    private static func readHandshakeResponse(from socket: BlockingSocket, timeoutSeconds: Double)
        throws(WebSocketClientError) -> (HandshakeResponse, ArraySlice<UInt8>) {
        let deadline = BlockingSocket.deadline(afterSeconds: timeoutSeconds)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var headEnd = 0
        while true {
            guard received.count <= HandshakeResponse.maximumHeadBytes else {
                throw .malformedHandshake("response head over \(HandshakeResponse.maximumHeadBytes) bytes")
            }
            let count = try socket.receive(into: &chunk, before: deadline)
            guard count > 0 else { throw .connectionClosed }
            let searchFrom = received.count - 3
            received.append(contentsOf: chunk[..<count])
            if let end = received.withUnsafeBytes({ HandshakeResponse.headEnd(in: $0, searchingFrom: searchFrom) }) {
                headEnd = end
                break
            }
        }
        var response = try HandshakeResponse(head: received[..<headEnd])
        guard response.status != 101 else { return (response, received[headEnd...]) }
        // A refusal: keep its body for the caller.
        let announced = try response.announcedBodyLength()
        var body = Array(received[headEnd...])
        while body.count < announced ?? HandshakeResponse.maximumBodyBytes {
            let count = try socket.receive(into: &chunk, before: deadline)
            guard count > 0 else { break }
            body.append(contentsOf: chunk[..<count])
        }
        response.body = Array(body.prefix(announced ?? HandshakeResponse.maximumBodyBytes))
        return (response, [])
    }

    public func send(text: String) throws(WebSocketClientError) {
        try connection.sendAll(WebSocketFrameEncoder.text(text, maskingKey: MaskingKey.fresh()))
    }

    public func send(binary: [UInt8]) throws(WebSocketClientError) {
        try connection.sendAll(WebSocketFrameEncoder.binary(binary, maskingKey: MaskingKey.fresh()))
    }

    /// Sends a ping; its pong comes back from `receive` as `.pong(payload)`.
    public func ping(_ payload: [UInt8] = []) throws(WebSocketClientError) {
        try connection.sendAll(Self.controlFrame { key throws(WebSocketFrameEncoder.EncodingError) in
            try WebSocketFrameEncoder.ping(payload, maskingKey: key)
        })
    }

    /// Starts the closing handshake. The server's answering close comes from `receive` as
    /// `.close`, and then the server ends the TCP connection (`waitForServerClose`).
    /// `code: nil` sends a close frame without a payload.
    public func close(code: UInt16? = WebSocketCloseCode.normalClosure, reason: String = "") throws(WebSocketClientError) {
        try connection.sendAll(Self.controlFrame { key throws(WebSocketFrameEncoder.EncodingError) in
            try WebSocketFrameEncoder.close(code: code, reason: reason, maskingKey: key)
        })
        closeSent = true
    }

    /// Writes bytes exactly as given, for tests of frames a server must refuse (unmasked,
    /// oversized, reserved bits, broken UTF-8) that the encoder cannot produce.
    public func send(rawBytes: [UInt8]) throws(WebSocketClientError) {
        try connection.sendAll(rawBytes)
    }

    /// The next message, pong or close. Pings that arrive first are answered on the way.
    /// Throws `.timeout` when nothing arrived within `timeoutSeconds`, `.connectionClosed` when
    /// the server ended the connection, and `.protocolViolation` (after sending the close frame
    /// RFC 6455 asks for) when a server frame breaks the protocol.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func receive(timeoutSeconds: Double = 10) throws(WebSocketClientError) -> Incoming {
        let deadline = BlockingSocket.deadline(afterSeconds: timeoutSeconds)
        while true {
            switch decoder.nextEvent() {
            case .message(.text, let payload):
                return .text(String(decoding: payload, as: UTF8.self))
            case .message(.binary, let payload):
                return .binary(payload)
            case .ping(let payload):
                try connection.sendAll(Self.controlFrame { key throws(WebSocketFrameEncoder.EncodingError) in
                    try WebSocketFrameEncoder.pong(payload, maskingKey: key)
                })
            case .pong(let payload):
                return .pong(payload)
            case .close(let code, let reason):
                if !closeSent {
                    // RFC 6455 §5.5.1: answer with a close, echoing the code.
                    try connection.sendAll(Self.controlFrame { key throws(WebSocketFrameEncoder.EncodingError) in
                        try WebSocketFrameEncoder.close(code: code, maskingKey: key)
                    })
                    closeSent = true
                }
                return .close(code: code, reason: reason)
            case .failed(let closeCode, let reason):
                if !closeSent, let frame = try? WebSocketFrameEncoder.close(code: closeCode, maskingKey: MaskingKey.fresh()) {
                    try? connection.sendAll(frame)
                    closeSent = true
                }
                throw .protocolViolation(closeCode: closeCode, reason: reason)
            case .needMore:
                let count = try connection.receive(into: &readBuffer, before: deadline)
                guard count > 0 else { throw .connectionClosed }
                decoder.append(readBuffer[..<count])
            }
        }
    }

    /// Everything the server sends until it ends the TCP connection (a reset counts as an end).
    /// Throws `.timeout` when it has not ended within `timeoutSeconds`.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func readUntilClosed(timeoutSeconds: Double = 10) throws(WebSocketClientError) -> [Incoming] {
        let deadline = BlockingSocket.deadline(afterSeconds: timeoutSeconds)
        var received: [Incoming] = []
        while true {
            do {
                received.append(try receive(timeoutSeconds: BlockingSocket.secondsLeft(until: deadline)))
            } catch .connectionClosed {
                return received
            } catch .receive(ECONNRESET) {
                return received
            }
        }
    }

    /// True when the server ended the TCP connection within `timeoutSeconds`; whatever it sent
    /// first is read and dropped.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func waitForServerClose(timeoutSeconds: Double = 10) -> Bool {
        (try? readUntilClosed(timeoutSeconds: timeoutSeconds)) != nil
    }

    private static func controlFrame(_ build: (UInt32) throws(WebSocketFrameEncoder.EncodingError) -> [UInt8])
        throws(WebSocketClientError) -> [UInt8] {
        do {
            return try build(MaskingKey.fresh())
        } catch {
            throw .invalidFrame(error)
        }
    }
}
