import EventLoop
import Logging
import Store
import Synchronization
import WebSocket

/// A WebSocket's catch-up from its cursor to where the hub stood when it subscribed, run on the
/// store's readers rather than on the hub's thread, so live routing never waits for a replay.
///
/// It goes in chunks, each one read job bounded in rows looked at and events sent (the
/// collector's bounds), through the hub's scan lane; the next chunk is queued only when one is
/// done, so a replay holds at most one reader at a time and takes turns with other websites'
/// scans, while ordinary reads (another tenant's `GET /chats`) keep a reader of their own.
/// Frames go through the loop's mailbox — the same queue as the welcome before and the live
/// events after — so the client sees one ordered stream. A replay whose connection closed stops
/// at its next chunk.
final class Replay: Sendable {
    let subscriber: Subscriber
    /// Replayed through this position; the hub holds live events after it until the replay ends.
    let end: EventPosition
    private let mailbox: LoopMailbox
    private let cancelled = Atomic(false)

    init(subscriber: Subscriber, through end: EventPosition, mailbox: LoopMailbox) {
        self.subscriber = subscriber
        self.end = end
        self.mailbox = mailbox
    }

    /// Stops the replay before its next chunk (its connection closed).
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Sends everything after `position` up to `end`, then tells the hub.
    func run(after position: EventPosition, hub: Hub, store: Store, collector: EventCollector, configuration: HubConfiguration) {
        guard !isCancelled else { return }
        let audience = subscriber.audience
        let end = self.end
        hub.scans.read(store, websiteID: audience.websiteID, mayBeRefused: false, { [self] database -> EventCollector.Page? in
            // A connection that closed while this chunk waited for its turn costs nothing more.
            guard !isCancelled else { return nil }
            return try collector.collect(for: audience, after: position, through: end, limit: configuration.replayChunkEvents,
                                         scanLimit: configuration.scanLimit, in: database)
        }, completion: { [self] outcome in
            guard !isCancelled else { return }
            switch outcome {
            case .success(nil):
                return
            case .success(let page?):
                // Checked after reading: events may have been cleaned up meanwhile, and a replay
                // with a hole must never go out.
                guard position.persisted >= hub.expired else {
                    hub.replayEnded(self, failure: CursorFormat.Problem.expired)
                    return
                }
                var frames: [(HandlerID, [UInt8])] = []
                frames.reserveCapacity(page.events.count)
                for event in page.events { frames.append((subscriber.address.id, WebSocketFrameEncoder.text(utf8: event.json))) }
                mailbox.post(frames)
                if page.reachedEnd {
                    hub.replayEnded(self, failure: nil)
                } else {
                    run(after: page.next, hub: hub, store: store, collector: collector, configuration: configuration)
                }
            case .failure(let error):
                hub.replayEnded(self, failure: error)
            }
        })
    }
}
