import EventLoop
import WebSocket

/// Frames for the connections of one loop, handed over in one task: each loop is woken once per
/// batch of events however many of its connections receive them, and each connection writes
/// its share with one `writev`.
struct FrameBatch {
    let loop: EventLoop
    private(set) var connections: [HandlerID] = []
    private(set) var frames: [[[UInt8]]] = []
    private var indexByConnection: [HandlerID: Int] = [:]

    init(loop: EventLoop) {
        self.loop = loop
    }

    mutating func add(_ frame: [UInt8], for id: HandlerID) {
        if let index = indexByConnection[id] {
            frames[index].append(frame)
        } else {
            indexByConnection[id] = connections.count
            connections.append(id)
            frames.append([frame])
        }
    }

    /// Sends the batch: on the loop, each connection still there queues its frames and flushes.
    func post() {
        let connections = self.connections
        let frames = self.frames
        loop.execute { context in
            for (index, id) in connections.enumerated() {
                guard let connection = context.handler(for: id) as? WebSocketConnection else { continue }
                for frame in frames[index] { connection.enqueue(frame: frame, on: context) }
                connection.flush(on: context)
            }
        }
    }
}

/// Frame batches by loop, for one round of delivery.
struct Delivery {
    private var batches: [ObjectIdentifier: FrameBatch] = [:]

    mutating func add(_ frame: [UInt8], to address: WebSocketAddress) {
        let key = ObjectIdentifier(address.loop)
        if batches[key] == nil { batches[key] = FrameBatch(loop: address.loop) }
        batches[key]?.add(frame, for: address.id)
    }

    func post() {
        for batch in batches.values { batch.post() }
    }
}
