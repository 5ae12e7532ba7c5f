import Auth
import Chat
import EventLoop
import Logging
import Store
import Synchronization
import Threads
import WebSocket

/// The realtime hub: follows the event log as commits land and hands each event to the
/// WebSocket connections whose audience receives it — the frame built once, the same bytes
/// for everyone, each loop woken once per batch. Typing and presence go through it too.
///
/// It runs on a thread of its own with its own read connection. Subscribing, changing filters,
/// leaving and publishing typing are commands processed in order on that thread, between
/// deliveries, which is what makes resume gapless: a new subscriber is sent everything up to
/// the hub's position and is then registered for everything after it, with no moment where an
/// event could fall between the two.
public final class Hub: Sendable {
    public let cursors: CursorFormat
    let ring: EphemeralRing
    private let store: Store
    private let inbox = ConditionLock(Inbox())
    private let routedThrough: Atomic<Int64>
    private let expiredThrough: Atomic<Int64>
    private let stopped = ConditionLock(false)

    struct Inbox {
        var commands: [Command] = []
        var committed = false
        var stopping = false
    }

    enum Command {
        case subscribe(Subscriber, cursor: String?, welcome: @Sendable (String) -> [UInt8],
                       refused: @Sendable (CursorFormat.Problem) -> Void)
        case changeAudience(WebSocketAddress, Audience)
        case unsubscribe(WebSocketAddress)
        case typing(Viewer, chatID: String, started: Bool, done: @Sendable (Bool) -> Void)
    }

    /// Reads where the log stands and starts following it.
    public init(store: Store, configuration: HubConfiguration = HubConfiguration()) throws {
        // The hub reads the log's newest pages (and replays): a small cache serves it.
        let database = try store.makeReadConnection(cacheKilobytes: 8192)
        let state = try EventLogReader.state(in: database)
        let head = try EventLogReader.newestID(in: database)
        self.store = store
        cursors = CursorFormat(epoch: state.epoch)
        ring = EphemeralRing(capacityPerWebsite: configuration.ephemeralPerWebsite, keepMilliseconds: configuration.ephemeralMilliseconds)
        routedThrough = Atomic(head)
        expiredThrough = Atomic(state.expiredThrough)
        let inbox = self.inbox
        store.observeCommits { inbox.update { $0.committed = true } }
        let worker = HubWorker(hub: self, database: database, position: head, configuration: configuration,
                               retention: EventRetention(store: store, keepMilliseconds: configuration.eventRetentionMilliseconds))
        try PlatformThread.detach(name: "webchat-hub") { worker.run() }
    }

    /// Stops the hub's thread and waits for it; the store keeps running.
    public func stop() {
        inbox.update { $0.stopping = true }
        stopped.wait { $0 ? () : nil }
    }

    // MARK: Commands

    /// Starts delivering to `subscriber`: first the frame `welcome` builds from the cursor where
    /// the stream stands, then every event after `cursor` up to there, then live events — all
    /// through the same queue, in that order. Without a cursor only live events follow. A
    /// cursor that cannot be resumed from sends nothing and calls `refused` (on the hub's thread).
    public func subscribe(_ subscriber: Subscriber, after cursor: String?, welcome: @escaping @Sendable (String) -> [UInt8],
                          refused: @escaping @Sendable (CursorFormat.Problem) -> Void) {
        send(.subscribe(subscriber, cursor: cursor, welcome: welcome, refused: refused))
    }

    /// Replaces the filters of a connection; events routed from now on use them.
    public func change(_ address: WebSocketAddress, to audience: Audience) {
        send(.changeAudience(address, audience))
    }

    public func unsubscribe(_ address: WebSocketAddress) {
        send(.unsubscribe(address))
    }

    /// Publishes a `typing` event in a chat the viewer can see; `done` gets false (on the hub's
    /// thread) when the chat does not exist or is not visible.
    public func typing(by viewer: Viewer, in chatID: String, started: Bool, done: @escaping @Sendable (Bool) -> Void) {
        send(.typing(viewer, chatID: chatID, started: started, done: done))
    }

    private func send(_ command: Command) {
        inbox.update { $0.commands.append(command) }
    }

    // MARK: Polling

    public struct Poll: Sendable {
        public let events: [RealtimeEvent]
        public let cursor: String
    }

    /// The events `audience` receives after `cursor`, exactly those a WebSocket with the same
    /// audience would have been sent, in the same order; without a cursor none, and where the
    /// stream stands. Runs on one of the store's readers.
    public func poll(_ audience: Audience, after cursor: String?, limit: Int) async throws -> Poll {
        let head = routedThrough.load(ordering: .acquiring)
        let start = try position(of: cursor, head: head)
        let collector = EventCollector(cursors: cursors, ring: ring)
        let cursors = self.cursors
        return try await store.read { [self] database in
            let page = try collector.collect(for: audience, after: start, through: head, limit: limit, in: database)
            // Checked again after reading: events may have been cleaned up while this poll was
            // on its way, and a page with a hole must never go out.
            guard start.persisted >= expired else { throw CursorFormat.Problem.expired }
            return Poll(events: page.events, cursor: cursors.text(page.next))
        }
    }

    /// Where a stream resumes: after the cursor, or, without one, at the newest position (the
    /// hub's, past every typing event already published).
    func position(of cursor: String?, head: Int64) throws(CursorFormat.Problem) -> EventPosition {
        guard let cursor else { return EventPosition(persisted: head, ephemeral: ring.newestCounter) }
        let position = try cursors.position(cursor)
        guard position.persisted >= expired, position.persisted <= head else { throw .expired }
        return position
    }

    // MARK: For the worker

    func takeWork(timeoutMilliseconds: Int) -> Inbox? {
        inbox.wait(until: { inbox in
            guard !inbox.commands.isEmpty || inbox.committed || inbox.stopping else { return nil }
            defer {
                inbox.commands.removeAll(keepingCapacity: true)
                inbox.committed = false
            }
            return inbox
        }, timeoutMilliseconds: timeoutMilliseconds)
    }

    func expire(through id: Int64) {
        expiredThrough.store(id, ordering: .releasing)
    }

    var expired: Int64 { expiredThrough.load(ordering: .acquiring) }

    func publish(routedThrough position: Int64) {
        routedThrough.store(position, ordering: .releasing)
    }

    func finished() {
        stopped.update(wakeAll: true) { $0 = true }
    }
}

/// Limits of the hub.
public struct HubConfiguration: Sendable {
    /// Typing and presence events kept per website for resume and polling, and for how long.
    public var ephemeralPerWebsite = 256
    public var ephemeralMilliseconds: UInt64 = 60_000
    /// Events read from the log per query.
    public var readBatch = 1000
    /// Persisted events are kept this long (contract §5: at least 7 days), then cleaned up.
    public var eventRetentionMilliseconds: Int64 = 7 * 24 * 3600 * 1000
    /// Where the hub reports failures it survives (a log read to retry, a retention pass).
    public var logger = Logger.standard
    /// How often the hub looks for events to clean up.
    public var retentionCheckMilliseconds: UInt64 = 10 * 60 * 1000

    public init() {}
}
