import EventLoop
import Synchronization
import WebSocket

/// Frames waiting for the connections of one loop. The hub adds each round's frames; the loop
/// takes everything at once. While a loop is busy, later rounds pile into the same delivery, so
/// a loaded loop writes each connection's frames with one `writev` however many rounds came in.
final class LoopMailbox: Sendable {
    let loop: EventLoop
    private let pending = Mutex<[(HandlerID, [UInt8])]>([])

    init(loop: EventLoop) {
        self.loop = loop
    }

    /// Adds frames in order; wakes the loop only when it had nothing waiting.
    func post(_ frames: [(HandlerID, [UInt8])]) {
        guard !frames.isEmpty else { return }
        let wasEmpty = pending.withLock { pending in
            let wasEmpty = pending.isEmpty
            pending.append(contentsOf: frames)
            return wasEmpty
        }
        guard wasEmpty else { return }
        loop.execute { [self] context in deliver(on: context) }
    }

    /// On the loop: every frame goes to its connection's queue, then each connection touched
    /// writes once.
    private func deliver(on context: LoopContext) {
        let frames = pending.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        var touched: [WebSocketConnection] = []
        var last: HandlerID?
        for (id, frame) in frames {
            guard let connection = context.handler(for: id) as? WebSocketConnection else { continue }
            connection.enqueue(frame: frame, on: context)
            if id != last {
                touched.append(connection)
                last = id
            }
        }
        for connection in touched { connection.flush(on: context) }
    }
}

/// One round of delivery: frames by loop, posted together.
struct Delivery {
    private var byLoop: [ObjectIdentifier: (loop: EventLoop, frames: [(HandlerID, [UInt8])])] = [:]

    /// Adds `event` for each of `subscribers` whose audience receives it. Its frame is built the
    /// first time one does, once, and the same bytes go to all of them; an event nobody here
    /// receives costs no frame.
    mutating func add(_ event: RealtimeEvent, to subscribers: some Sequence<Subscriber>) {
        var frame: [UInt8]?
        for subscriber in subscribers where subscriber.audience.receives(event) {
            if frame == nil { frame = WebSocketFrameEncoder.text(utf8: event.json) }
            add(frame ?? [], to: subscriber.address)
        }
    }

    mutating func add(_ frame: [UInt8], to address: WebSocketAddress) {
        let key = ObjectIdentifier(address.loop)
        if byLoop[key] == nil { byLoop[key] = (address.loop, []) }
        byLoop[key]?.frames.append((address.id, frame))
    }

    /// Hands each loop's frames to its mailbox, making one on a loop's first delivery.
    func post(through mailboxes: inout [ObjectIdentifier: LoopMailbox]) {
        for (key, batch) in byLoop {
            let mailbox = mailboxes[key] ?? LoopMailbox(loop: batch.loop)
            mailboxes[key] = mailbox
            mailbox.post(batch.frames)
        }
    }
}
