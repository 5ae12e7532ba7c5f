import Glibc
import HTTP
import Testing
import TestSupport
@testable import WebSocket

/// The WebSocket server end to end: a real server on an ephemeral port, a client on raw bytes.
@Suite struct ServerConnectionTests {
    @Test func handshakeAnswers101AndEchoes() async throws {
        try await withWebSocketServer { port in
            try await onThread {
                let socket = try TestWebSocket(port: port)
                #expect(socket.handshake.status == 101)
                #expect(socket.handshake.header("Sec-WebSocket-Accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
                #expect(socket.handshake.header("Upgrade") == "websocket")
                #expect(socket.handshake.header("Content-Length") == nil)
                try socket.sendText("héllo")
                #expect(socket.nextText() == "héllo")
                try socket.send(WebSocketFrameEncoder.binary([0, 1, 2], maskingKey: 9))
                #expect(socket.next() == .message(opcode: .binary, payload: [0, 1, 2]))
            }
        }
    }

    @Test func framesSentWithTheHandshakeAreNotLost() async throws {
        try await withWebSocketServer { port in
            try await onThread {
                let frames = WebSocketFrameEncoder.text("one", maskingKey: 1) + WebSocketFrameEncoder.text("two", maskingKey: 2)
                let socket = try TestWebSocket(port: port, extra: frames)
                #expect(socket.nextText() == "one")
                #expect(socket.nextText() == "two")
            }
        }
    }

    @Test func anEarlierPipelinedRequestIsAnsweredBeforeThe101() async throws {
        try await withWebSocketServer { port in
            try await onThread {
                let client = try RawClient(port: port)
                try client.send("GET /plain HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: \(TestWebSocket.key)\r\nSec-WebSocket-Version: 13\r\n\r\n")
                #expect(try client.readResponse().text == "plain")
                #expect(try client.readResponse().status == 101)
            }
        }
    }

    @Test(arguments: [
        (["Sec-WebSocket-Version: 8"], 426),
        (["Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: c2hvcnQ="], 400),
        (["Sec-WebSocket-Version: 13"], 400),
    ])
    func refusedHandshakes(headers: [String], status: Int) async throws {
        try await withWebSocketServer { port in
            try await onThread {
                let client = try RawClient(port: port)
                let lines = ["GET / HTTP/1.1", "Host: t", "Upgrade: websocket", "Connection: Upgrade"] + headers
                try client.send(lines.joined(separator: "\r\n") + "\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == status)
                if status == 426 { #expect(response.header("Sec-WebSocket-Version") == "13") }
                // A refused handshake leaves an ordinary HTTP connection.
                try client.send("GET /plain HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().text == "plain")
            }
        }
    }

    @Test func closeHandshakeEchoesTheCodeAndTheServerClosesTCP() async throws {
        try await withWebSocketServer { port in
            try await onThread {
                let socket = try TestWebSocket(port: port)
                try socket.send(try WebSocketFrameEncoder.close(code: 1000, reason: "done", maskingKey: 5))
                #expect(socket.next() == .close(code: 1000, reason: "done"))
                #expect(socket.next() == nil)
            }
        }
    }

    @Test func serverInitiatedCloseWaitsForTheClientsClose() async throws {
        try await withWebSocketServer { port in
            try await onThread {
                let socket = try TestWebSocket(port: port)
                try socket.sendText("close:4000")
                #expect(socket.next() == .close(code: 4000, reason: "asked"))
                // Messages after the server's close are ignored; the client's close ends it.
                try socket.sendText("ignored")
                try socket.send(try WebSocketFrameEncoder.close(code: 4000, maskingKey: 3))
                #expect(socket.next() == nil)
            }
        }
    }

    @Test func pingIsAnsweredWithItsPayload() async throws {
        try await withWebSocketServer { port in
            try await onThread {
                let socket = try TestWebSocket(port: port)
                try socket.send(try WebSocketFrameEncoder.ping([1, 2, 3], maskingKey: 8))
                #expect(socket.next() == .pong([1, 2, 3]))
            }
        }
    }

    @Test(arguments: [
        (clientFrame(opcode: 0x1, payload: Array("x".utf8), masked: false), WebSocketCloseCode.protocolError),
        (clientFrame(opcode: 0x1, payload: [0xC3, 0x28]), WebSocketCloseCode.invalidPayloadData),
        (clientFrame(opcode: 0x2, payload: [UInt8](repeating: 1, count: 2000)), WebSocketCloseCode.messageTooBig),
        (clientFrame(opcode: 0x1, payload: [], reservedBits: 4), WebSocketCloseCode.protocolError),
    ])
    func protocolViolationsCloseWithTheirCode(frame: [UInt8], code: UInt16) async throws {
        var configuration = WebSocketConfiguration()
        configuration.maximumMessageSize = 1000
        try await withWebSocketServer(configuration: configuration) { port in
            try await onThread {
                let socket = try TestWebSocket(port: port)
                try socket.send(frame)
                guard case .close(let received, _) = socket.next() else {
                    Issue.record("expected a close frame")
                    return
                }
                #expect(received == code)
                #expect(socket.next() == nil)
            }
        }
    }

    @Test func aReaderThatFallsBehindIsClosedAndOthersAreServed() async throws {
        var configuration = WebSocketConfiguration()
        configuration.maximumQueuedBytes = 256 * 1024
        // Long enough for the test to drain what was queued before the close frame.
        configuration.closeTimeoutMilliseconds = 3000
        try await withWebSocketServer(configuration: configuration, loops: 1) { port in
            try await onThread {
                let slow = try TestWebSocket(port: port)
                // 64 MiB: far more than the kernel buffers plus the queue limit can hold.
                try slow.sendText("flood:4096")
                let other = try TestWebSocket(port: port)
                try other.sendText("still here")
                #expect(other.nextText() == "still here")
                // The slow reader's connection is cut: what it was sent ends with a close frame
                // of 1008 (policy violation) after the queue, then EOF.
                var received = 0
                var tail: [UInt8] = []
                while true {
                    let bytes = slow.raw.receive()
                    if bytes.isEmpty { break }
                    received += bytes.count
                    tail = Array((tail + bytes).suffix(64))
                }
                #expect(received < 64 << 20)
                let closeFrame: [UInt8] = [0x88, 2 + 15, 0x03, 0xF0] + Array("reader too slow".utf8)
                #expect(tail.suffix(closeFrame.count) == closeFrame[...], "\(tail)")
            }
        }
    }

    @Test func aSilentPeerIsPingedThenDropped() async throws {
        var configuration = WebSocketConfiguration()
        configuration.pingIntervalMilliseconds = 1000
        configuration.pingTimeoutMilliseconds = 1000
        try await withWebSocketServer(configuration: configuration) { port in
            try await onThread {
                let socket = try TestWebSocket(port: port)
                #expect(socket.next() == .ping([]))
                // Never answered: the server gives up on the peer and closes the TCP connection.
                #expect(socket.next() == nil)
            }
        }
    }

    @Test func aPeerThatAnswersPingsStaysConnected() async throws {
        var configuration = WebSocketConfiguration()
        configuration.pingIntervalMilliseconds = 1000
        configuration.pingTimeoutMilliseconds = 1000
        try await withWebSocketServer(configuration: configuration) { port in
            try await onThread {
                let socket = try TestWebSocket(port: port)
                for _ in 0..<3 {
                    #expect(socket.next() == .ping([]))
                    try socket.send(try WebSocketFrameEncoder.pong([], maskingKey: 4))
                }
                try socket.sendText("alive")
                #expect(socket.nextText() == "alive")
            }
        }
    }

    @Test func anUpgradedConnectionKeepsItsPlaceUnderTheConnectionLimit() async throws {
        var limits = HTTPLimits()
        limits.maxConnectionsPerAddress = 2
        try await withWebSocketServer(limits: limits) { port in
            try await onThread {
                let first = try TestWebSocket(port: port)
                let second = try TestWebSocket(port: port)
                #expect(first.handshake.status == 101 && second.handshake.status == 101)
                let refused = try RawResponse.parseAll(RawClient(port: port).readUntilClosed())
                #expect(refused.first?.status == 503)
                // Closing a WebSocket gives its place back.
                try first.send(try WebSocketFrameEncoder.close(code: 1000, maskingKey: 1))
                #expect(first.next() == .close(code: 1000, reason: ""))
                #expect(first.next() == nil)
                var upgraded = false
                for _ in 0..<500 where !upgraded {
                    upgraded = (try? TestWebSocket(port: port).handshake.status) == 101
                    if !upgraded { usleep(10_000) }
                }
                #expect(upgraded)
            }
        }
    }

    @Test func serverShutdownClosesWith1001() async throws {
        var server = HTTPServerConfiguration()
        server.port = 0
        server.loopCount = 1
        let http = try HTTPServer(configuration: server, handler: UpgradeEverything(configuration: WebSocketConfiguration(), makeDelegate: { EchoDelegate() }))
        let port = try http.start().port
        let socket = try await onThread { try TestWebSocket(port: port) }
        let stopped = Task.detached { await http.stop(gracePeriodMilliseconds: 5000) }
        let event = try await onThread { () -> WebSocketFrameDecoder.Event? in
            let event = socket.next()
            try socket.send(try WebSocketFrameEncoder.close(code: 1001, maskingKey: 1))
            return event
        }
        #expect(event == .close(code: 1001, reason: "server shutting down"))
        await stopped.value
    }
}
