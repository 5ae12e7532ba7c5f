import EventLoop
import HTTP
import Glibc

/// One WebSocket connection after the HTTP handshake: decodes client frames, answers pings,
/// runs the close handshake, keeps dead peers and slow readers from holding resources, and hands
/// messages to its delegate. It lives on one loop and is touched only there.
public final class WebSocketConnection: ConnectionSuccessor {
    public let remoteAddress: String
    /// Where other threads reach this connection.
    public let address: WebSocketAddress
    /// Whether messages may still be sent.
    public var isOpen: Bool { lifecycle.isOpen }

    /// The application's object for this connection, until it closes.
    public private(set) var delegate: (any WebSocketDelegate)?
    private let fd: Int32
    /// Held while the socket is open: the server counts this connection until then.
    private var ticket: ConnectionTicket?
    private let configuration: WebSocketConfiguration
    private var decoder: WebSocketFrameDecoder
    private var output: OutboundQueue
    private var inputBeforeStart: [UInt8]
    private var lifecycle = WebSocketLifecycle()
    private var interest: PollInterest = .readable
    /// The close code that ends the connection, reported to the delegate.
    private var closeCode: UInt16 = WebSocketCloseCode.abnormalClosure
    private var lastReadAt: UInt64 = 0
    private var lastWriteAt: UInt64 = 0
    private var pingSentAt: UInt64?

    init(handover: ConnectionHandover, loop: EventLoop, configuration: WebSocketConfiguration,
         delegate: any WebSocketDelegate) {
        fd = handover.fd
        ticket = handover.ticket
        remoteAddress = handover.remoteAddress
        address = WebSocketAddress(loop: loop, id: handover.id)
        output = handover.pendingOutput
        inputBeforeStart = handover.bufferedInput
        self.configuration = configuration
        self.delegate = delegate
        decoder = WebSocketFrameDecoder(role: .server, maximumMessageSize: configuration.maximumMessageSize)
    }

    public func start(on loop: LoopContext) {
        lastReadAt = loop.now
        lastWriteAt = loop.now
        interest = []
        delegate?.webSocketDidOpen(self, on: loop)
        if !inputBeforeStart.isEmpty {
            decoder.append(inputBeforeStart)
            inputBeforeStart = []
            consumeFrames(loop)
        }
        flush(on: loop)
    }

    // MARK: Sending

    /// Queues a frame built once (for example by `WebSocketFrameEncoder.text(utf8:)`) without
    /// writing it yet, so a batch of frames goes out in one `writev` at `flush`. A reader whose
    /// queue is over the limit is closed with 1008 instead.
    public func enqueue(frame: [UInt8], on loop: LoopContext) {
        guard lifecycle.isOpen else { return }
        guard output.byteCount + frame.count <= configuration.maximumQueuedBytes else {
            fail(WebSocketCloseCode.policyViolation, "reader too slow", loop)
            return
        }
        output.append(frame)
    }

    /// Queues a frame and writes what the socket takes now.
    public func send(frame: [UInt8], on loop: LoopContext) {
        enqueue(frame: frame, on: loop)
        flush(on: loop)
    }

    public func sendText(_ text: String, on loop: LoopContext) {
        send(frame: WebSocketFrameEncoder.text(text), on: loop)
    }

    /// Starts the close handshake with `code`; the socket closes when the client answers or the
    /// close timeout passes.
    public func close(code: UInt16, reason: String = "", on loop: LoopContext) {
        guard apply(.closeRequested(now: loop.now, timeout: configuration.closeTimeoutMilliseconds), loop) == .sendClose else { return }
        queueClose(code, reason, loop)
        flush(on: loop)
    }

    /// Writes as much queued output as the socket takes.
    public func flush(on loop: LoopContext) {
        guard lifecycle.phase != .closed else { return }
        if !output.isEmpty {
            switch output.flush(to: fd) {
            case .drained, .blocked:
                lastWriteAt = loop.now
            case .failed:
                apply(.transportLost, loop)
                return
            }
        }
        if output.isEmpty { apply(.outputDrained, loop) }
        updateInterest(loop)
    }

    // MARK: Events from the loop

    public func handle(_ event: PollEvent, on loop: LoopContext) {
        if event.writable { flush(on: loop) }
        if event.readable || event.hangup { readAvailable(loop) }
    }

    public func tick(on loop: LoopContext) {
        let now = loop.now
        if apply(.tick(now: now), loop) == .release { return }
        if !output.isEmpty, now &- lastWriteAt > configuration.writeTimeoutMilliseconds {
            apply(.transportLost, loop)
            return
        }
        guard lifecycle.isOpen else { return }
        if let pingSentAt {
            if now &- pingSentAt > configuration.pingTimeoutMilliseconds {
                apply(.transportLost, loop)
                return
            }
        } else if now &- lastReadAt > configuration.pingIntervalMilliseconds {
            pingSentAt = now
            if let ping = controlFrame("ping", loop, { () throws(WebSocketFrameEncoder.EncodingError) in try WebSocketFrameEncoder.ping([]) }) {
                send(frame: ping, on: loop)
            }
        }
        delegate?.webSocketTick(self, on: loop)
    }

    public func beginShutdown(on loop: LoopContext) {
        close(code: WebSocketCloseCode.goingAway, reason: "server shutting down", on: loop)
    }

    public func forceClose(on loop: LoopContext) {
        apply(.forceClose, loop)
    }

    // MARK: Reading

    private func readAvailable(_ loop: LoopContext) {
        let buffer = loop.readBuffer
        for _ in 0..<LoopContext.readsPerWakeup where lifecycle.phase != .closed {
            switch Socket.read(fd, into: buffer) {
            case .transferred(let count):
                lastReadAt = loop.now
                pingSentAt = nil
                if case .finishing = lifecycle.phase { continue }
                decoder.append(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                consumeFrames(loop)
                if count < buffer.count {
                    flush(on: loop)
                    return
                }
            case .wouldBlock:
                flush(on: loop)
                return
            case .endOfStream, .failed:
                apply(.transportLost, loop)
                return
            }
        }
        // More is waiting: the poller reports it again after the other connections' turns.
        if lifecycle.phase != .closed { flush(on: loop) }
    }

    private func consumeFrames(_ loop: LoopContext) {
        while true {
            switch decoder.nextEvent() {
            case .needMore:
                return
            case .message(let opcode, let payload):
                guard lifecycle.isOpen else { continue }
                delegate?.webSocket(self, didReceive: WebSocketMessage(opcode: opcode, payload: payload), on: loop)
            case .ping(let payload):
                guard lifecycle.isOpen,
                      let pong = controlFrame("pong", loop, { () throws(WebSocketFrameEncoder.EncodingError) in try WebSocketFrameEncoder.pong(payload) })
                else { continue }
                enqueue(frame: pong, on: loop)
            case .pong:
                continue
            case .close(let code, let reason):
                let event = WebSocketLifecycle.Event.peerSentClose(now: loop.now, timeout: configuration.closeTimeoutMilliseconds)
                if lifecycle.isOpen { closeCode = code ?? WebSocketCloseCode.noStatusReceived }
                if apply(event, loop) == .sendClose {
                    // Echo the peer's code (RFC 6455 §5.5.1); an empty close is answered empty.
                    let echo = controlFrame("close", loop) { () throws(WebSocketFrameEncoder.EncodingError) in
                        try WebSocketFrameEncoder.close(code: code, reason: code == nil ? "" : reason)
                    }
                    output.append(echo ?? [])
                }
                return
            case .failed(let code, let reason):
                fail(code, reason, loop)
                return
            }
        }
    }

    // MARK: Closing

    private func fail(_ code: UInt16, _ reason: String, _ loop: LoopContext) {
        guard apply(.failed(now: loop.now, timeout: configuration.closeTimeoutMilliseconds), loop) == .sendClose else { return }
        queueClose(code, reason, loop)
    }

    private func queueClose(_ code: UInt16, _ reason: String, _ loop: LoopContext) {
        closeCode = code
        // A close frame's payload holds at most 123 bytes of reason; cut on a character boundary.
        var text = Substring(reason)
        while text.utf8.count > 123 { text = text.dropLast() }
        let reason = String(text)
        if let frame = controlFrame("close", loop, { () throws(WebSocketFrameEncoder.EncodingError) in try WebSocketFrameEncoder.close(code: code, reason: reason) }) {
            output.append(frame)
        }
    }

    /// Encodes a control frame. The payloads here are bounded already (a decoded ping's, a reason
    /// cut to 123 bytes), so only a close code the application may not send (1005, 1006, 1015…)
    /// fails: logged, and the frame left out, never silently.
    private func controlFrame(_ kind: String, _ loop: LoopContext, _ encode: () throws(WebSocketFrameEncoder.EncodingError) -> [UInt8]) -> [UInt8]? {
        do {
            return try encode()
        } catch {
            loop.logger.failure("encoding a WebSocket control frame failed; it was not sent", error, ["frame": kind])
            return nil
        }
    }

    @discardableResult
    private func apply(_ event: WebSocketLifecycle.Event, _ loop: LoopContext) -> WebSocketLifecycle.Action {
        let action = lifecycle.handle(event)
        if action == .release { release(loop) }
        return action
    }

    private func release(_ loop: LoopContext) {
        loop.remove(address.id)
        Glibc.close(fd)
        ticket = nil
        output.removeAll()
        let delegate = self.delegate
        self.delegate = nil
        delegate?.webSocketDidClose(self, code: closeCode, on: loop)
    }

    private func updateInterest(_ loop: LoopContext) {
        var wanted: PollInterest = []
        switch lifecycle.phase {
        case .open, .closeSent, .finishing:
            wanted.insert(.readable)
            if !output.isEmpty { wanted.insert(.writable) }
        case .closed:
            return
        }
        guard wanted != interest else { return }
        interest = wanted
        loop.setInterest(address.id, wanted)
    }
}
