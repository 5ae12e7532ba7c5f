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
    /// The body being streamed to a temporary file, when the handler asked for that.
    private var spool: BodySpool?
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
            } else if parser.isMidRequest, spool?.holdsInput != true, now &- lastReadAt > limits.bodyTimeoutMilliseconds {
                // A body whose reading waits for the disk is not the client's stall.
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
        slots.isEmpty && output.isEmpty && !parser.isMidRequest && stash.isEmpty && spool == nil
    }

    private var pipelineFull: Bool {
        slots.count >= server.limits.maxPipelinedRequests || output.byteCount > server.limits.maxQueuedOutputBytes
    }

    /// Input must wait (unread in the socket, or in `stash`): too many answers are owed, or a
    /// body streamed to disk is ahead of the disk or finishing.
    private var holdsInput: Bool {
        pipelineFull || spool?.holdsInput == true
    }

    /// Body bytes this connection holds in memory, charged to the server's body budget.
    private var heldBodyBytes: Int {
        parser.heldBodyBytes + (spool?.bufferedBytes ?? 0)
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
                guard stash.isEmpty, !holdsInput else {
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
                    // A body being finished on disk is a request owed an answer, too.
                    apply(.peerClosed(owesResponses: !slots.isEmpty || !output.isEmpty || spool?.finishing == true), loop)
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
            // A body that is complete is reported without more input, even while the disk is
            // behind: it is what lets the request go on.
            if holdsInput, !parser.bodyIsComplete {
                stash.append(contentsOf: input[offset...])
                updateInterest(loop)
                return
            }
            let startedBefore = parser.isMidRequest
            let start = offset
            let (consumed, event) = parser.parse(UnsafeRawBufferPointer(rebasing: input[offset...]))
            offset += consumed
            if !startedBefore, parser.isMidRequest { headStartedAt = loop.now }
            if case .bodyData(let range) = event {
                spool?.append(UnsafeRawBufferPointer(rebasing: input[(start + range.lowerBound)..<(start + range.upperBound)]))
            }
            guard bodyReservation.resize(toBody: heldBodyBytes) else {
                // The refused body is dropped now and its bytes go back to the budget: the
                // connection only lingers to deliver the 503, and must not hold a share meanwhile.
                parser = HTTPRequestParser(limits: server.limits)
                dropSpool()
                refuse(.bodyBudgetExhausted, loop)
                return
            }
            switch event {
            case .needMore:
                return
            case .head(let parsed):
                head = parsed
                if parser.awaitsBodyDecision, !chooseBodyDestination(parsed, loop) { return }
                if parsed.expectsContinue, slots.isEmpty, output.isEmpty {
                    output.append(ResponseSerializer.continueLine)
                }
            case .bodyData:
                continue
            case .body(let body):
                guard let parsed = head else { return }
                head = nil
                if let spool {
                    // Dispatched when the file is complete (`spoolReported`); input waits till then.
                    spool.finish()
                    continue
                }
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

    /// Asks the handler where the body announced by `head` goes and sets the parser up for it,
    /// checking the chosen limit against `Content-Length` before any body byte is read. False
    /// when the request was refused instead (over the limit, or by the handler).
    private func chooseBodyDestination(_ head: HTTPRequestHead, _ loop: LoopContext) -> Bool {
        switch server.handler.bodyDestination(for: head) {
        case .memory:
            if let error = parser.beginBody(limit: server.limits.maxBodyBytes, streaming: false) {
                refuse(error, loop)
                return false
            }
        case .file(let policy):
            if let error = parser.beginBody(limit: policy.maxBytes, streaming: true) {
                refuse(error, loop)
                return false
            }
            spool = BodySpool(head: head, policy: policy, worker: server.spoolWorkers.next(), logger: loop.logger,
                              report: spoolReporter(on: loop))
        case .refuse(let response):
            refuse(with: response, loop)
            return false
        }
        return true
    }

    /// Delivers a spool worker's reports to this connection on its loop, if it still exists.
    private func spoolReporter(on loop: LoopContext) -> @Sendable (SpoolFile, SpoolReport) -> Void {
        let eventLoop = loop.loop
        guard let id else { return { _, _ in } }
        return { file, report in
            eventLoop.execute { context in
                guard let connection = context.handler(for: id) as? HTTPConnection else { return }
                connection.spoolReported(report, about: file, context)
            }
        }
    }

    /// Progress of the body being streamed to disk: reading resumes as the disk catches up, and
    /// the request is dispatched once its file is complete. A failure (a full disk) refuses it.
    private func spoolReported(_ report: SpoolReport, about file: SpoolFile, _ loop: LoopContext) {
        // A report about an earlier body, or after the connection closed: nothing to do (a
        // finished body nobody takes removes its file when dropped). A connection whose client
        // stopped sending after the whole body (`closing`) still answers it.
        guard let spool, spool.file === file, lifecycle.phase == .open || lifecycle.phase == .closing else { return }
        let error: SystemError
        switch report {
        case .written(let count, nil):
            spool.written(count)
            _ = bodyReservation.resize(toBody: heldBodyBytes)
            if !spool.holdsInput {
                lastReadAt = loop.now
                flush(loop)
            }
            return
        case .finished(.success(let body)):
            self.spool = nil
            _ = bodyReservation.resize(toBody: heldBodyBytes)
            dispatch(HTTPRequest(head: spool.head, body: [], remoteAddress: remoteAddress, spooledBody: body), loop)
            flush(loop)
            return
        case .written(_, let failure?), .finished(.failure(let failure)):
            error = failure
        }
        loop.logger.failure("a request body could not be written to disk; refused", error, ["path": spool.head.path])
        self.spool = nil
        parser = HTTPRequestParser(limits: server.limits)
        _ = bodyReservation.resize(toBody: 0)
        refuse(.spoolFailed(error), loop)
    }

    /// Forgets the body being streamed, removing its file.
    private func dropSpool() {
        spool?.abandon()
        spool = nil
        _ = bodyReservation.resize(toBody: heldBodyBytes)
    }

    /// Feeds input held back while the pipeline was full or a body was written to disk.
    private func resumeStash(_ loop: LoopContext) {
        guard !stash.isEmpty, !holdsInput, lifecycle.phase == .open else { return }
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
        refuse(with: server.handler.errorResponse(for: error), loop)
    }

    private func refuse(with response: HTTPResponse, _ loop: LoopContext) {
        lastRequestReceived = true
        let sequence = nextSequence
        nextSequence += 1
        slots.append(Slot(sequence: sequence, omitBody: false, keepAlive: false, version: .http11, response: nil, takeOver: nil))
        complete(sequence, with: response, loop)
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
            output.append(bytes.body)
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
            dropSpool()
            _ = bodyReservation.resize(toBody: 0)
        }
    }

    private func updateInterest(_ loop: LoopContext) {
        guard let id else { return }
        var wanted: PollInterest = []
        switch lifecycle.phase {
        case .open:
            if stash.isEmpty, !holdsInput, !lastRequestReceived { wanted.insert(.readable) }
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
