import Clock
import EventLoop
import Glibc
import Threads
import WebSocket

/// One thread of a realtime run: an epoll loop over its share of the connections, taking them
/// through the phases in step with the other threads — connect, (hold), send and drain, close.
///
/// Everything it touches per event is its own (connections, tally, read buffer), so the hot
/// path takes no lock; what crosses threads there (the send start, the drain's counters) are
/// relaxed atomics.
final class RealtimeWorker {
    let id: Int
    let run: RealtimeRun
    let poller: EpollPoller
    /// Receivers first, then senders; a connection's `slot` is its place here.
    var connections: [RealtimeConnection] = []
    /// This thread's senders by their rank among its senders: sender `j` is `senders[j / threads]`.
    var senders: [RealtimeConnection] = []
    var tally: RealtimeTally
    /// Where every read lands: unparsed bytes of the connection first, then the new ones.
    var buffer: UnsafeMutableRawBufferPointer
    /// Welcomed receivers per chat over all threads, known once everyone connected.
    var readyReceivers: [Int] = []
    /// Connections started and not yet welcomed or failed.
    var handshaking = 0
    /// The largest message accepted from the server.
    static let maximumMessageSize = 16 * 1024 * 1024
    static let readSize = 64 * 1024
    /// How long the drain goes on reading once nothing is missing: a server that sends a message
    /// twice usually sends the copy right after the original.
    static let duplicateGraceNanoseconds: UInt64 = 100_000_000

    init(id: Int, run: RealtimeRun) throws(SystemError) {
        self.id = id
        self.run = run
        poller = try EpollPoller()
        tally = RealtimeTally(chats: run.plan.chats)
        buffer = .allocate(byteCount: Self.readSize, alignment: 16)
        let plan = run.plan
        for receiver in stride(from: id, to: plan.receivers, by: run.threads) {
            connections.append(RealtimeConnection(index: receiver, slot: connections.count, role: .receiver,
                                                  chat: plan.chat(ofReceiver: receiver), node: run.node(ofReceiver: receiver)))
        }
        for sender in stride(from: id, to: plan.senders, by: run.threads) {
            let connection = RealtimeConnection(index: plan.receivers + sender, slot: connections.count, role: .sender,
                                                chat: plan.chat(ofSender: sender), node: run.node(ofSender: sender))
            connections.append(connection)
            senders.append(connection)
        }
    }

    deinit {
        for connection in connections { connection.close() }
        buffer.deallocate()
    }

    /// The thread's whole life; the barriers match `RealtimeLoad`'s coordinator one for one.
    func runPhases() -> RealtimeTally {
        run.barrier.arriveAndWait() // 0: every thread started
        guard !run.aborted.load(ordering: .relaxed) else { return tally }
        connectAll()
        run.readyReceivers.withLock { total in
            for chat in total.indices { total[chat] += tally.readyReceivers[chat] }
        }
        run.readyConnections.add(tally.ready, ordering: .relaxed)
        run.barrier.arriveAndWait() // 1: everyone connected
        run.barrier.arriveAndWait() // 2: the coordinator set the hold's end and the send start
        readyReceivers = run.readyReceivers.withLock { $0 }
        if run.plan.holdNanoseconds > 0 { hold() }
        run.barrier.arriveAndWait() // 3: the hold is over
        if run.plan.messages > 0 {
            sendAll()
            drain()
        }
        run.barrier.arriveAndWait() // 4: everything sent and received; the coordinator has looked
        closeAll()
        return tally
    }

    // MARK: Phases

    private func connectAll() {
        let budget = max(1, run.options.connectConcurrency / run.threads)
        let deadline = MonotonicClock.nanoseconds() + MonotonicClock.nanoseconds(run.options.connectTimeoutSeconds)
        var next = 0
        while true {
            while next < connections.count, handshaking < budget {
                start(connections[next])
                next += 1
            }
            if next == connections.count, handshaking == 0 { return }
            if MonotonicClock.nanoseconds() >= deadline {
                for connection in connections where connection.isHandshaking || connection.state == .notStarted {
                    fail(connection, "timeout", connection.state == .notStarted ? "never started before the connect deadline"
                                                                               : "not welcomed before the connect deadline")
                }
                return
            }
            poll(timeoutMilliseconds: 10)
        }
    }

    private func hold() {
        let end = run.holdEnd.load(ordering: .relaxed)
        while true {
            let now = MonotonicClock.nanoseconds()
            guard now < end else { break }
            poll(timeoutMilliseconds: Int32(min(100, (end - now + 999_999) / 1_000_000)))
        }
        let open = connections.reduce(0) { $0 + ($1.state == .ready ? 1 : 0) }
        tally.openAtHoldEnd = open
        run.openAtHoldEnd.add(open, ordering: .relaxed)
    }

    /// Sends this thread's messages on schedule: message `k` at `sendStart + k / rate`, on sender
    /// `k % senders`, which lives on thread `(k % senders) % threads`.
    private func sendAll() {
        let plan = run.plan
        let start = run.sendStart.load(ordering: .relaxed)
        var message = 0
        var sinceLastPoll = 0
        while message < plan.messages {
            let sender = plan.sender(ofMessage: message)
            guard sender % run.threads == id else {
                message += 1
                continue
            }
            let due = start + plan.dueOffset(ofMessage: message)
            let now = MonotonicClock.nanoseconds()
            if now < due {
                poll(timeoutMilliseconds: Int32(min(100, (due - now + 999_999) / 1_000_000)))
                sinceLastPoll = 0
                continue
            }
            send(message, on: senders[sender / run.threads])
            message += 1
            sinceLastPoll += 1
            if sinceLastPoll == 64 {
                // Behind schedule: keep reading while catching up.
                poll(timeoutMilliseconds: 0)
                sinceLastPoll = 0
            }
        }
        run.sendersDone.add(1, ordering: .relaxed)
    }

    /// Reads until every delivery owed has arrived (and then a moment longer, for a duplicate of
    /// the last messages), or the drain timeout passed after the last thread finished sending.
    private func drain() {
        var drainEnd: UInt64?
        var graceEnd: UInt64?
        while true {
            let now = MonotonicClock.nanoseconds()
            if run.sendersDone.load(ordering: .relaxed) == run.threads {
                let end = drainEnd ?? now + MonotonicClock.nanoseconds(run.options.drainTimeoutSeconds)
                drainEnd = end
                if graceEnd == nil, run.deliveries.load(ordering: .relaxed) >= run.expectedDeliveries.load(ordering: .relaxed) {
                    graceEnd = now + Self.duplicateGraceNanoseconds
                }
                if now >= min(end, graceEnd ?? .max) { return }
            }
            poll(timeoutMilliseconds: 5)
        }
    }

    /// Starts the closing handshake everywhere and waits a moment for the answers, then drops
    /// what is left.
    private func closeAll() {
        for connection in connections where connection.isOpen {
            guard connection.state != .connecting,
                  let frame = try? WebSocketFrameEncoder.close(code: WebSocketCloseCode.normalClosure, maskingKey: MaskingKey.fresh()) else {
                connection.close()
                continue
            }
            connection.state = .closing
            if connection.write(frame) != nil { connection.close() } else { updateInterest(connection) }
        }
        let deadline = MonotonicClock.nanoseconds() + MonotonicClock.nanoseconds(run.options.closeTimeoutSeconds)
        while connections.contains(where: { $0.isOpen }), MonotonicClock.nanoseconds() < deadline {
            poll(timeoutMilliseconds: 10)
        }
        for connection in connections where connection.isOpen { connection.close() }
    }

    // MARK: Connections

    private func start(_ connection: RealtimeConnection) {
        if let code = connection.startConnecting(to: run.addresses[connection.node], at: MonotonicClock.nanoseconds()) {
            fail(connection, "connect", String(cString: strerror(code)))
            return
        }
        handshaking += 1
        do {
            try poller.register(connection.fd, token: UInt64(connection.slot), interest: [.readable, .writable])
            connection.watchesWritable = true
        } catch {
            fail(connection, "io", error.description)
        }
    }

    /// The connect finished: send the upgrade request.
    func connected(_ connection: RealtimeConnection) {
        let code = connection.connectResult()
        guard code == 0 else {
            fail(connection, "connect", String(cString: strerror(code)))
            return
        }
        let headers = run.options.origin.map { [(name: "Origin", value: $0)] } ?? []
        do {
            let handshake = try ClientHandshake(path: run.options.path, authority: run.addresses[connection.node].authority, headers: headers)
            connection.handshake = handshake
            connection.state = .upgrading
            write(handshake.request, to: connection)
        } catch {
            fail(connection, "handshake", error.description)
        }
    }

    /// Queues bytes on a connection and keeps epoll's interest in step.
    func write(_ bytes: [UInt8], to connection: RealtimeConnection) {
        if let code = connection.write(bytes) {
            fail(connection, "io", "write: \(String(cString: strerror(code)))")
            return
        }
        updateInterest(connection)
    }

    func updateInterest(_ connection: RealtimeConnection) {
        guard connection.isOpen, connection.watchesWritable != connection.wantsWritable else { return }
        do {
            try poller.modify(connection.fd, token: UInt64(connection.slot),
                              interest: connection.wantsWritable ? [.readable, .writable] : [.readable])
            connection.watchesWritable = connection.wantsWritable
        } catch {
            fail(connection, "io", error.description)
        }
    }

    private func send(_ message: Int, on sender: RealtimeConnection) {
        guard sender.state == .ready else {
            tally.errors["send_skipped", default: 0] += 1
            return
        }
        let sentAt = MonotonicClock.nanoseconds()
        let chat = sender.chat
        write(WebSocketFrameEncoder.text(utf8: run.sendCommand(message: message, sentAt: sentAt), maskingKey: MaskingKey.fresh()),
              to: sender)
        tally.sent[chat] += 1
        tally.firstSend = min(tally.firstSend, sentAt)
        tally.lastSend = sentAt
        run.expectedDeliveries.add(readyReceivers[chat], ordering: .relaxed)
    }

    /// Counts a failure of `kind` and drops the connection.
    func fail(_ connection: RealtimeConnection, _ kind: String, _ detail: String) {
        tally.fail(kind, connection: connection.index, detail)
        if connection.isHandshaking { handshaking -= 1 }
        connection.close()
    }

    /// The welcome arrived: the connection counts from now on.
    func welcomed(_ connection: RealtimeConnection, at now: UInt64) {
        connection.state = .ready
        handshaking -= 1
        tally.ready += 1
        tally.handshakeLatency.record(now - connection.startedAt)
        if connection.role == .receiver {
            tally.readyReceivers[connection.chat] += 1
            connection.ledger = DeliveryLedger(messages: run.plan.messages(inChat: connection.chat))
        }
    }

    private func poll(timeoutMilliseconds: Int32) {
        do {
            try poller.wait(timeoutMilliseconds: timeoutMilliseconds) { event in
                let connection = connections[Int(event.token)]
                guard connection.isOpen else { return }
                if connection.state == .connecting {
                    if event.writable || event.hangup { connected(connection) }
                    return
                }
                if event.readable || event.hangup { readAvailable(connection) }
                if connection.isOpen, event.writable {
                    if let code = connection.flush() {
                        fail(connection, "io", "write: \(String(cString: strerror(code)))")
                    } else {
                        updateInterest(connection)
                    }
                }
            }
        } catch {
            // epoll_wait itself failed, which leaves nothing to wait with: count it once per wait
            // and back off instead of spinning.
            tally.errors["io", default: 0] += 1
            usleep(10_000)
        }
    }
}
