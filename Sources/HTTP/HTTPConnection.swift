import Threads
import EventLoop
import Glibc

/// One client connection: reads requests with the resumable parser, hands them to the handler,
/// and writes responses back in request order (pipelining), however they complete. It lives on
/// one loop and is touched only there.
final class HTTPConnection: LoopHandler {
    /// A request that was handed to the handler, in arrival order; `response` is set when it
    /// completes, possibly out of order.
    private struct Slot {
        let sequence: UInt64
        let omitBody: Bool
        let keepAlive: Bool
        let version: HTTPVersion
        var response: HTTPResponse?
        /// Set for an upgrade: who owns the connection once this slot's `101` is queued.
        var takeOver: ProtocolSwitch?
    }

    private let fd: Int32
    private var id: HandlerID?
    private let server: HTTPServerContext
    private let loopState: HTTPLoopState
    private let remoteAddress: String
    /// This connection's place under the connection limits, handed on with a protocol switch.
    private let ticket: ConnectionTicket

    private(set) var lifecycle = ConnectionLifecycle()
    private var parser: HTTPRequestParser
    /// What the request being read holds of the server's body budget.
    private var bodyReservation: BodyReservation
    private var head: HTTPRequestHead?
    private var slots: [Slot] = []
    private var nextSequence: UInt64 = 0
    private var output = OutboundQueue()
    /// Input read while the pipeline was full, parsed once answers have gone out.
    private var stash: [UInt8] = []
    private var interest: PollInterest = .readable
    /// No request may follow: the last one asked to close, or the server is stopping.
    private var lastRequestReceived = false
    private var shuttingDown = false
    private var servedAnyRequest = false
    /// An upgrade request was dispatched: the bytes after it belong to the next protocol.
    private var upgradeRequested = false
    /// Input that followed the upgrade request, handed to the next protocol.
    private var bytesAfterUpgrade: [UInt8] = []
    /// Set once the `101` is queued: the connection changes hands at the next flush.
    private var switchTo: ProtocolSwitch?

    private var headStartedAt: UInt64
    private var lastReadAt: UInt64
    private var lastWriteAt: UInt64
    private var idleSince: UInt64

    init(fd: Int32, remoteAddress: String, ticket: ConnectionTicket, server: HTTPServerContext, loopState: HTTPLoopState, now: UInt64) {
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.ticket = ticket
        self.server = server
        self.loopState = loopState
        parser = HTTPRequestParser(limits: server.limits)
        bodyReservation = BodyReservation(budget: server.bodyBudget, address: remoteAddress, uncharged: server.limits.unchargedBodyBytes)
        headStartedAt = now
        lastReadAt = now
        lastWriteAt = now
        idleSince = now
    }

    func register(on loop: LoopContext) throws(SystemError) {
        id = try loop.add(self, fd: fd, interest: interest)
    }

    // MARK: Events from the loop

    func handle(_ event: PollEvent, on loop: LoopContext) {
        // A hang-up (reset, or both directions shut) means nothing more can reach the peer. It is
        // reported on every wait until handled, so it must close now, not wait for owed answers.
        if event.hangup {
            apply(.failed, loop)
            return
        }
        if event.writable { flush(loop) }
        if event.readable { readAvailable(loop) }
    }

    func tick(on loop: LoopContext) {
        let now = loop.now
        let limits = server.limits
        switch lifecycle.phase {
        case .open:
            if !output.isEmpty, now &- lastWriteAt > limits.writeTimeoutMilliseconds {
                apply(.timedOut, loop)
            } else if parser.isReadingHead, now &- headStartedAt > limits.headerTimeoutMilliseconds {
                refuse(.requestTimeout, loop)
            } else if parser.isMidRequest, now &- lastReadAt > limits.bodyTimeoutMilliseconds {
                refuse(.requestTimeout, loop)
            } else if isIdle {
                let timeout = servedAnyRequest ? limits.idleTimeoutMilliseconds : limits.headerTimeoutMilliseconds
                if now &- idleSince > timeout { apply(.timedOut, loop) }
            }
        case .closing:
            if !output.isEmpty, now &- lastWriteAt > limits.writeTimeoutMilliseconds { apply(.timedOut, loop) }
        case .lingering:
            apply(.lingerExpired(now: now), loop)
        case .closed, .handedOver:
            break
        }
    }

    func beginShutdown(on loop: LoopContext) {
        shuttingDown = true
        lastRequestReceived = true
        if slots.isEmpty && output.isEmpty {
            apply(.forceClose, loop)
        } else {
            updateInterest(loop)
        }
    }

    func forceClose(on loop: LoopContext) {
        apply(.forceClose, loop)
    }

    // MARK: Reading

    private var isIdle: Bool {
        slots.isEmpty && output.isEmpty && !parser.isMidRequest && stash.isEmpty
    }

    private var pipelineFull: Bool {
        slots.count >= server.limits.maxPipelinedRequests || output.byteCount > server.limits.maxQueuedOutputBytes
    }

    private func readAvailable(_ loop: LoopContext) {
        let buffer = loop.readBuffer
        for _ in 0..<LoopContext.readsPerWakeup {
            switch lifecycle.phase {
            case .closed, .handedOver:
                return
            case .closing:
                return
            case .lingering:
                switch Socket.read(fd, into: buffer) {
                case .transferred: continue
                case .wouldBlock: return
                case .endOfStream: apply(.peerClosed(owesResponses: false), loop)
                case .failed: apply(.failed, loop)
                }
                return
            case .open:
                guard stash.isEmpty, !pipelineFull else {
                    updateInterest(loop)
                    return
                }
                switch Socket.read(fd, into: buffer) {
                case .transferred(let count):
                    lastReadAt = loop.now
                    process(UnsafeRawBufferPointer(rebasing: buffer[..<count]), loop)
                    if count < buffer.count {
                        flush(loop)
                        return
                    }
                case .wouldBlock:
                    flush(loop)
                    return
                case .endOfStream:
                    apply(.peerClosed(owesResponses: !slots.isEmpty || !output.isEmpty), loop)
                    flush(loop)
                    return
                case .failed:
                    apply(.failed, loop)
                    return
                }
            }
        }
        // More is waiting: the poller reports it again after the other connections' turns.
        if lifecycle.phase == .open { flush(loop) }
    }

    /// Parses `input`, dispatching each complete request; keeps what it cannot take yet.
    private func process(_ input: UnsafeRawBufferPointer, _ loop: LoopContext) {
        var offset = 0
        while lifecycle.phase == .open, !lastRequestReceived {
            if pipelineFull {
                stash.append(contentsOf: input[offset...])
                updateInterest(loop)
                return
            }
            let startedBefore = parser.isMidRequest
            let (consumed, event) = parser.parse(UnsafeRawBufferPointer(rebasing: input[offset...]))
            offset += consumed
            if !startedBefore, parser.isMidRequest { headStartedAt = loop.now }
            guard bodyReservation.resize(toBody: parser.heldBodyBytes) else {
                // The refused body is dropped now and its bytes go back to the budget: the
                // connection only lingers to deliver the 503, and must not hold a share meanwhile.
                parser = HTTPRequestParser(limits: server.limits)
                _ = bodyReservation.resize(toBody: 0)
                refuse(.bodyBudgetExhausted, loop)
                return
            }
            switch event {
            case .needMore:
                return
            case .head(let parsed):
                head = parsed
                if parsed.expectsContinue, slots.isEmpty, output.isEmpty {
                    output.append(ResponseSerializer.continueLine)
                }
            case .body(let body):
                guard let parsed = head else { return }
                head = nil
                dispatch(HTTPRequest(head: parsed, body: body, remoteAddress: remoteAddress), loop)
                if upgradeRequested {
                    bytesAfterUpgrade = Array(input[offset...])
                    flush(loop)
                    return
                }
            case .failed(let error):
                refuse(error, loop)
                return
            }
        }
    }

    /// Feeds input held back while the pipeline was full.
    private func resumeStash(_ loop: LoopContext) {
        guard !stash.isEmpty, !pipelineFull, lifecycle.phase == .open else { return }
        let pending = stash
        stash = []
        pending.withUnsafeBytes { process($0, loop) }
    }

    // MARK: Answering

    private func dispatch(_ request: HTTPRequest, _ loop: LoopContext) {
        let sequence = nextSequence
        nextSequence += 1
        servedAnyRequest = true
        let keepAlive = request.head.keepAlive && !shuttingDown
        if !keepAlive { lastRequestReceived = true }
        slots.append(Slot(sequence: sequence, omitBody: request.method == .head, keepAlive: keepAlive,
                          version: request.head.version, response: nil, takeOver: nil))
        switch server.handler.handle(request) {
        case .switchProtocols(let response, let takeOver):
            upgradeRequested = true
            lastRequestReceived = true
            slots[slots.count - 1].takeOver = takeOver
            complete(sequence, with: response, loop)
        case .response(let response):
            complete(sequence, with: response, loop)
        case .deferred(let work):
            let respond = responder(for: sequence, on: loop)
            Task { respond(await work()) }
        case .callback(let start):
            start(responder(for: sequence, on: loop))
        }
    }

    /// Delivers the answer to request `sequence` from any thread: through the loop's queue, to
    /// this connection if it still exists (a late answer for a closed one finds nothing).
    private func responder(for sequence: UInt64, on loop: LoopContext) -> @Sendable (HTTPResponse) -> Void {
        let eventLoop = loop.loop
        guard let id else { return { _ in } }
        return { response in
            eventLoop.execute { context in
                guard let connection = context.handler(for: id) as? HTTPConnection else { return }
                connection.complete(sequence, with: response, context)
                connection.flush(context)
            }
        }
    }

    /// Answers a request the server refused itself, then closes: after a framing error nothing
    /// that follows on this connection can be trusted.
    private func refuse(_ error: HTTPParseError, _ loop: LoopContext) {
        lastRequestReceived = true
        let sequence = nextSequence
        nextSequence += 1
        slots.append(Slot(sequence: sequence, omitBody: false, keepAlive: false, version: .http11, response: nil, takeOver: nil))
        complete(sequence, with: server.handler.errorResponse(for: error), loop)
        flush(loop)
    }

    private func complete(_ sequence: UInt64, with response: HTTPResponse, _ loop: LoopContext) {
        guard let index = slots.firstIndex(where: { $0.sequence == sequence }) else { return }
        slots[index].response = response
        while let first = slots.first, let ready = first.response {
            slots.removeFirst()
            if let takeOver = first.takeOver {
                let bytes = loopState.serializer.serialize(ready, omitBody: true, closeAfter: false, version: first.version)
                output.append(bytes.head)
                switchTo = takeOver
                return
            }
            let final = !first.keepAlive || (shuttingDown && slots.isEmpty)
            let bytes = loopState.serializer.serialize(ready, omitBody: first.omitBody, closeAfter: final, version: first.version)
            output.append(bytes.head)
            if let body = bytes.body { output.append(body) }
            if final {
                slots.removeAll()
                apply(.finalResponseQueued, loop)
                return
            }
        }
    }

    // MARK: Writing

    private func flush(_ loop: LoopContext) {
        switch lifecycle.phase {
        case .closed, .handedOver: return
        case .open, .closing, .lingering: break
        }
        if let takeOver = switchTo {
            handOver(to: takeOver, loop)
            return
        }
        if !output.isEmpty {
            switch output.flush(to: fd) {
            case .drained:
                lastWriteAt = loop.now
            case .blocked:
                lastWriteAt = loop.now
                updateInterest(loop)
                return
            case .failed:
                apply(.failed, loop)
                return
            }
        }
        if slots.isEmpty {
            idleSince = loop.now
            apply(.outputDrained(now: loop.now, linger: server.limits.lingerMilliseconds), loop)
        }
        if lifecycle.phase == .open {
            resumeStash(loop)
            if !output.isEmpty {
                flush(loop)
                return
            }
        }
        updateInterest(loop)
    }

    /// Gives the socket, its registration and whatever is queued in either direction to the
    /// protocol the client switched to; this object is done afterwards.
    private func handOver(to takeOver: ProtocolSwitch, _ loop: LoopContext) {
        guard let id, lifecycle.handle(.protocolSwitched) == .handOver else { return }
        let handover = ConnectionHandover(fd: fd, loop: loop.loop, id: id, remoteAddress: remoteAddress, ticket: ticket, pendingOutput: output,
                                          bufferedInput: bytesAfterUpgrade + stash)
        output.removeAll()
        stash = []
        bytesAfterUpgrade = []
        switchTo = nil
        let successor = takeOver(handover)
        loop.replace(id, with: successor)
        successor.start(on: loop)
    }

    private func apply(_ event: ConnectionLifecycle.Event, _ loop: LoopContext) {
        switch lifecycle.handle(event) {
        case .none, .stopReading, .handOver:
            updateInterest(loop)
        case .shutdownWrite:
            Socket.shutdownWrite(fd)
            updateInterest(loop)
        case .close:
            if let id { loop.remove(id) }
            close(fd)
            output.removeAll()
            slots.removeAll()
            stash = []
            _ = bodyReservation.resize(toBody: 0)
        }
    }

    private func updateInterest(_ loop: LoopContext) {
        guard let id else { return }
        var wanted: PollInterest = []
        switch lifecycle.phase {
        case .open:
            if stash.isEmpty, !pipelineFull, !lastRequestReceived { wanted.insert(.readable) }
            if !output.isEmpty { wanted.insert(.writable) }
        case .closing:
            if !output.isEmpty { wanted.insert(.writable) }
        case .lingering:
            wanted = .readable
        case .closed, .handedOver:
            return
        }
        guard wanted != interest else { return }
        interest = wanted
        loop.setInterest(id, wanted)
    }
}
