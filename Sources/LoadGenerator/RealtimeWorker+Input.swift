import Clock
import Glibc
import WebSocket

/// The receiving side of a worker: reads land in the worker's buffer behind the connection's
/// unparsed bytes, and heads, frames and events are looked at where they lie. Only an
/// unfinished head or frame is copied back into the connection.
extension RealtimeWorker {
    /// Reads what the socket has (a few buffers at most, to stay fair to other connections).
    func readAvailable(_ connection: RealtimeConnection) {
        for _ in 0..<4 {
            let carried = connection.unparsed.count
            makeRoom(for: carried + Self.readSize)
            if carried > 0 {
                connection.unparsed.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: carried) }
            }
            let count = recv(connection.fd, buffer.baseAddress! + carried, buffer.count - carried, 0)
            if count == 0 {
                endOfStream(connection)
                return
            }
            if count < 0 {
                switch errno {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: return
                default:
                    fail(connection, "io", "read: \(String(cString: strerror(errno)))")
                    return
                }
            }
            let total = carried + count
            let received = UnsafeRawBufferPointer(rebasing: buffer[0..<total])
            let consumed = process(received, on: connection, at: MonotonicClock.nanoseconds())
            guard connection.isOpen else { return }
            if consumed < total {
                connection.unparsed = Array(received[consumed...])
            } else if carried > 0 {
                connection.unparsed = []
            }
            if carried + count < buffer.count { return }
        }
    }

    /// Grows the read buffer when a connection's unfinished frame leaves too little room.
    private func makeRoom(for needed: Int) {
        guard buffer.count < needed else { return }
        buffer.deallocate()
        buffer = .allocate(byteCount: max(needed, buffer.count * 2), alignment: 16)
    }

    /// Handles everything complete in `bytes`; returns how many bytes that was.
    private func process(_ bytes: UnsafeRawBufferPointer, on connection: RealtimeConnection, at now: UInt64) -> Int {
        var offset = 0
        if connection.state == .upgrading {
            guard let headEnd = HandshakeResponse.headEnd(in: bytes, searchingFrom: 0) else {
                if bytes.count > HandshakeResponse.maximumHeadBytes { fail(connection, "handshake", "response head too long") }
                return 0
            }
            guard upgraded(connection, head: UnsafeRawBufferPointer(rebasing: bytes[0..<headEnd])) else { return bytes.count }
            offset = headEnd
        }
        while connection.isOpen {
            switch ServerFrame.parse(bytes, at: offset, maximumPayload: Self.maximumMessageSize) {
            case .incomplete:
                return offset
            case .violation(let reason):
                refuse(connection, reason)
                return bytes.count
            case .frame(let frame):
                offset = frame.end
                handle(frame, in: bytes, on: connection, at: now)
            }
        }
        return bytes.count
    }

    /// Checks the `101` and says hello; false when the connection failed.
    private func upgraded(_ connection: RealtimeConnection, head: UnsafeRawBufferPointer) -> Bool {
        do {
            let response = try HandshakeResponse(head: head)
            try connection.handshake?.verify(response)
        } catch {
            fail(connection, "handshake", error.description)
            return false
        }
        connection.handshake = nil
        connection.state = .awaitingWelcome
        tally.established += 1
        let hello = run.hello(connection: connection.index, chat: connection.chat)
        write(WebSocketFrameEncoder.text(utf8: hello, maskingKey: MaskingKey.fresh()), to: connection)
        return connection.isOpen
    }

    private func handle(_ frame: ServerFrame, in bytes: UnsafeRawBufferPointer, on connection: RealtimeConnection, at now: UInt64) {
        switch frame.opcode {
        case .text, .binary:
            guard connection.fragments == nil else {
                refuse(connection, "new message while a fragmented one is in progress")
                return
            }
            if frame.isFinal {
                handleMessage(frame.opcode, bytes, frame.payload, on: connection, at: now)
            } else {
                connection.fragments = (frame.opcode, Array(bytes[frame.payload]))
            }
        case .continuation:
            guard let opcode = connection.fragments?.opcode, let collected = connection.fragments?.bytes.count else {
                refuse(connection, "continuation frame without a message in progress")
                return
            }
            guard collected + frame.payload.count <= Self.maximumMessageSize else {
                refuse(connection, "message over \(Self.maximumMessageSize) bytes")
                return
            }
            connection.fragments?.bytes.append(contentsOf: bytes[frame.payload])
            guard frame.isFinal, let message = connection.fragments?.bytes else { return }
            connection.fragments = nil
            message.withUnsafeBytes { handleMessage(opcode, $0, 0..<message.count, on: connection, at: now) }
        case .ping:
            if let pong = try? WebSocketFrameEncoder.pong(bytes[frame.payload], maskingKey: MaskingKey.fresh()) {
                write(pong, to: connection)
            }
        case .pong:
            break
        case .close:
            closed(connection, payload: bytes[frame.payload])
        }
    }

    /// One complete message: a delivery, an ack, the welcome, an error frame, or something else.
    /// Once the run is closing, messages still in flight are past the measured window and ignored.
    private func handleMessage(_ opcode: ServerFrame.Opcode, _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>,
                               on connection: RealtimeConnection, at now: UInt64) {
        guard connection.state != .closing else { return }
        guard opcode == .text, let type = JSONMemberScanner.string(of: "type", in: bytes, range) else {
            tally.otherFrames += 1
            return
        }
        if JSONMemberScanner.equals(bytes, type, "message.created") {
            // A sender sees its own messages too; only receivers account for deliveries.
            guard connection.role == .receiver else { return }
            delivered(bytes, range, to: connection, at: now)
        } else if JSONMemberScanner.equals(bytes, type, "ack") {
            acknowledged(bytes, range, at: now)
        } else if JSONMemberScanner.equals(bytes, type, "welcome") {
            if connection.state == .awaitingWelcome { welcomed(connection, at: now) } else { tally.otherFrames += 1 }
        } else if JSONMemberScanner.equals(bytes, type, "error") {
            let code = JSONMemberScanner.string(of: "code", in: bytes, range).map { String(decoding: bytes[$0], as: UTF8.self) } ?? "?"
            tally.serverErrors[code, default: 0] += 1
            if connection.state == .awaitingWelcome { fail(connection, "hello", "refused with \(code)") }
        } else {
            tally.otherFrames += 1
        }
    }

    /// A `message.created` event at a receiver: timed and checked off, once.
    private func delivered(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, to connection: RealtimeConnection, at now: UInt64) {
        guard connection.state == .ready,
              let data = JSONMemberScanner.valueStart(of: "data", in: bytes, range),
              let text = JSONMemberScanner.string(of: "text", in: bytes, data..<range.upperBound),
              let marker = DeliveryMarker.parse(bytes, text) else {
            tally.otherFrames += 1
            return
        }
        let plan = run.plan
        let sendStart = run.sendStart.load(ordering: .relaxed)
        guard sendStart > 0, marker.sentAt >= sendStart else {
            tally.stale += 1
            return
        }
        guard marker.number < plan.messages, plan.chat(ofMessage: marker.number) == connection.chat else {
            tally.foreign += 1
            return
        }
        switch connection.ledger?.record(plan.indexInChat(ofMessage: marker.number)) {
        case true?:
            tally.deliveries += 1
            let latency = now > marker.sentAt ? now - marker.sentAt : 0
            tally.deliveryLatency.record(latency)
            if run.node(ofMessage: marker.number) != connection.node { tally.crossNodeLatency.record(latency) }
            tally.lastDelivery = now
            run.deliveries.add(1, ordering: .relaxed)
        case false?:
            tally.duplicates += 1
        case nil:
            tally.foreign += 1
        }
    }

    /// An `ack` at a sender: the server committed one of our messages.
    private func acknowledged(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, at now: UInt64) {
        guard let message = JSONMemberScanner.valueStart(of: "message", in: bytes, range),
              let text = JSONMemberScanner.string(of: "text", in: bytes, message..<range.upperBound),
              let marker = DeliveryMarker.parse(bytes, text) else {
            tally.otherFrames += 1
            return
        }
        tally.acks += 1
        tally.ackLatency.record(now > marker.sentAt ? now - marker.sentAt : 0)
    }

    /// The server's close frame: the end of our own closing handshake, or a failure.
    private func closed(_ connection: RealtimeConnection, payload: UnsafeRawBufferPointer.SubSequence) {
        guard connection.state != .closing else {
            connection.close()
            return
        }
        let code = payload.count >= 2 ? UInt16(payload[payload.startIndex]) << 8 | UInt16(payload[payload.startIndex + 1]) : 1005
        let reason = payload.count > 2 ? String(decoding: payload.dropFirst(2), as: UTF8.self) : ""
        if let answer = try? WebSocketFrameEncoder.close(code: WebSocketCloseCode.isValidOnWire(code) ? code : nil,
                                                         maskingKey: MaskingKey.fresh()) {
            _ = connection.write(answer)
        }
        let kind = switch connection.state {
        case .ready: "closed_by_server"
        case .awaitingWelcome: "hello"
        default: "handshake"
        }
        fail(connection, kind, "server closed with \(code) \(reason)")
    }

    private func endOfStream(_ connection: RealtimeConnection) {
        guard connection.state != .closing else {
            connection.close()
            return
        }
        fail(connection, connection.state == .ready ? "closed_by_server" : "handshake", "the server ended the connection")
    }

    /// A server frame broke the protocol: close with 1002 and drop the connection.
    private func refuse(_ connection: RealtimeConnection, _ reason: String) {
        if let close = try? WebSocketFrameEncoder.close(code: WebSocketCloseCode.protocolError, maskingKey: MaskingKey.fresh()) {
            _ = connection.write(close)
        }
        fail(connection, "protocol", reason)
    }
}
