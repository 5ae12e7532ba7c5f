import Auth
import Chat
import Clock
import Filters
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
/// deliveries. Resume is gapless without the hub ever reading a client's backlog itself: a new
/// subscriber is registered at once and its live events are held back, its replay (up to where
/// the hub stood) runs on the store's readers, and when the replay ends the held events follow.
///
/// Every queue is bounded or paid for by someone's limit: committed events are never queued (a
/// flag says "read the log"), commands come one per connection event (and hellos are limited
/// per principal and address), and typing — the only command a client can repeat at will — has
/// a bounded queue of its own that is shed first and handled last.
public final class Hub: Sendable {
    public let cursors: CursorFormat
    let ring: EphemeralRing
    let routes: ChatRouteCache
    let scans: ScanLane
    let store: Store
    let configuration: HubConfiguration
    /// Staff availability across the nodes of the database, which this hub keeps up for its
    /// own connections as `node`.
    public let availability: Availability
    let node = Identifier.make(prefix: "node_")
    private let inbox = ConditionLock(Inbox())
    private let routedThrough: Atomic<Int64>
    private let expiredThrough: Atomic<Int64>
    private let stopped = ConditionLock(false)
    /// Typing events dropped because the queue was full, counted in the log line that says so.
    private let shedTypingCount = Atomic<Int>(0)

    struct Inbox {
        var commands: [Command] = []
        var typing: [Typing] = []
        /// Typing and presence of other nodes, to publish here; bounded with `typing`.
        var shared: [(event: SharedEphemeral, route: RealtimeEvent.Route)] = []
        var committed = false
        var stopping = false
    }

    enum Command {
        case subscribe(Subscriber, cursor: String?, welcome: @Sendable (String) -> [UInt8],
                       refused: @Sendable (CursorFormat.Problem) -> Void)
        case changeAudience(WebSocketAddress, Audience)
        case unsubscribe(WebSocketAddress)
        case replayEnded(Replay, failure: (any Error)?)
    }

    /// A typing event to publish: the chat's route was found visible before it was queued.
    struct Typing {
        let viewer: Viewer
        let chat: FilterableChat
        let started: Bool
    }

    /// Reads where the log stands and starts following it.
    public init(store: Store, configuration: HubConfiguration = HubConfiguration()) throws {
        // The hub reads the log's newest pages: a small cache serves it.
        let database = try store.makeReadConnection(cacheKilobytes: 8192)
        let state = try EventLogReader.state(in: database)
        let head = try EventLogReader.newestID(in: database)
        self.store = store
        self.configuration = configuration
        availability = Availability(store: store, graceMilliseconds: configuration.presenceGraceMilliseconds)
        cursors = CursorFormat(epoch: state.epoch)
        ring = EphemeralRing(capacityPerWebsite: configuration.ephemeralPerWebsite, keepMilliseconds: configuration.ephemeralMilliseconds)
        routes = ChatRouteCache(capacity: configuration.cachedChatRoutes)
        scans = ScanLane(concurrency: configuration.concurrentScans, waitingPerWebsite: configuration.pollsWaitingPerWebsite)
        routedThrough = Atomic(head)
        expiredThrough = Atomic(state.expiredThrough)
        let inbox = self.inbox
        store.observeCommits { inbox.update { $0.committed = true } }
        store.observeBroadcasts { [weak self] payload in self?.receive(payload) }
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

    func replayEnded(_ replay: Replay, failure: (any Error)?) {
        send(.replayEnded(replay, failure: failure))
    }

    private func send(_ command: Command) {
        inbox.update { $0.commands.append(command) }
    }

    // MARK: Typing

    public enum TypingOutcome: Sendable {
        /// Accepted: published, or shed under load (typing may be lost, contract §5).
        case published
        /// The chat does not exist or the viewer may not see it.
        case notFound
        /// The chat could not be looked up.
        case failed(any Error)
    }

    /// Publishes a `typing` event in a chat the viewer can see. The chat is checked against the
    /// routes the hub keeps in memory; only a chat it has not routed lately costs a store read,
    /// on a reader, never on the hub's thread. `done` may run on any thread.
    public func typing(by viewer: Viewer, in chatID: String, started: Bool, done: @escaping @Sendable (TypingOutcome) -> Void) {
        if let chat = routes.chat(chatID, websiteID: viewer.websiteID) {
            done(queueTyping(viewer, chat, started: started))
            return
        }
        store.submitRead({ database in
            try Chats.visible(chatID, to: viewer, in: database)?.filterable()
        }, completion: { [self] outcome in
            switch outcome {
            case .success(let chat?): done(queueTyping(viewer, chat, started: started))
            case .success(nil): done(.notFound)
            case .failure(let error): done(.failed(error))
            }
        })
    }

    private func queueTyping(_ viewer: Viewer, _ chat: FilterableChat, started: Bool) -> TypingOutcome {
        guard viewer.visibility.matches(chat) else { return .notFound }
        queueEphemeral { $0.typing.append(Typing(viewer: viewer, chat: chat, started: started)) }
        return .published
    }

    /// Adds typing or presence for the hub's thread, unless its bounded queue is full: then
    /// it is shed (it may be lost, contract §5) and counted in a log line.
    private func queueEphemeral(_ add: (inout Inbox) -> Void) {
        let limit = configuration.typingQueueLimit
        var queued = false
        inbox.update(wakingOneIf: { inbox in
            guard inbox.typing.count + inbox.shared.count < limit else { return false }
            add(&inbox)
            queued = true
            return true
        })
        if !queued {
            let shed = shedTypingCount.add(1, ordering: .relaxed).newValue
            configuration.logger.warning("typing shed: the hub's typing queue is full", ["limit": "\(limit)", "shed_total": "\(shed)"])
        }
    }

    // MARK: Presence

    /// Announces a staff member's state to the website's staff here and on the other nodes
    /// (contract §10): `{"principal":{...},"state":"online"|"away"|"busy"|"offline"}`. Like
    /// typing, it may be lost when the hub's queue is full.
    public func publishPresence(_ change: PresenceChange) {
        var data: [UInt8] = Array(#"{"principal":"#.utf8)
        MessageSender(change.principal).encode(into: &data)
        data.append(contentsOf: #","state":""#.utf8)
        data.append(contentsOf: change.state.rawValue.utf8)
        data.append(contentsOf: #""}"#.utf8)
        let event = SharedEphemeral(websiteID: change.websiteID, chatID: nil,
                                    tail: EventLog.tail(type: "presence", chatID: nil, at: Timestamp.now(), data: data))
        queueEphemeral { $0.shared.append((event, .website)) }
        store.broadcast(event.payload)
    }

    // MARK: Other nodes

    /// Typing or presence that another node sharing the database published (contract §12).
    /// Typing is routed by its chat as this node knows it: from the routes the hub keeps, or,
    /// for a chat it has not routed lately, from a reader, never on the hub's thread.
    private func receive(_ payload: String) {
        guard let event = SharedEphemeral(payload: payload) else {
            configuration.logger.warning("a broadcast from another node is not one this version reads; dropped")
            return
        }
        guard let chatID = event.chatID else {
            queueEphemeral { $0.shared.append((event, .website)) }
            return
        }
        if let chat = routes.chat(chatID, websiteID: event.websiteID) {
            queueEphemeral { $0.shared.append((event, .chat(after: chat, before: nil))) }
            return
        }
        let logger = configuration.logger
        store.submitRead({ database in
            try Chats.route(chatID, websiteID: event.websiteID, in: database)
        }, completion: { [weak self] outcome in
            switch outcome {
            case .success(let chat?): self?.queueEphemeral { $0.shared.append((event, .chat(after: chat, before: nil))) }
            case .success(nil): break
            case .failure(let error): logger.failure("another node's typing was dropped: its chat could not be read", error)
            }
        })
    }

    // MARK: Polling

    public struct Poll: Sendable {
        public let events: [RealtimeEvent]
        public let cursor: String
        /// The poll stopped at its bounds (events or log rows looked at) before the hub's
        /// position: polling again at once from `cursor` goes on.
        public let hasMore: Bool
    }

    /// The events `audience` receives after `cursor`, exactly those a WebSocket with the same
    /// audience would have been sent, in the same order; without a cursor none, and where the
    /// stream stands. Runs on one of the store's readers, looking at no more than
    /// `configuration.scanLimit` rows of the log.
    ///
    /// On a database shared by several nodes, a cursor may come from a node whose hub is ahead
    /// of this one's (a client polling a different node each time): it is served from the log up
    /// to what is committed rather than refused. Only a cursor past every committed event, which
    /// no node gave out, is expired.
    public func poll(_ audience: Audience, after cursor: String?, limit: Int) async throws -> Poll {
        let head = routedThrough.load(ordering: .acquiring)
        let start = try cursor.map(retainedPosition) ?? position(of: nil, head: head)
        let collector = EventCollector(cursors: cursors, ring: ring)
        let cursors = self.cursors
        let scanLimit = configuration.scanLimit
        return try await scans.read(store, websiteID: audience.websiteID) { [self] database in
            var through = head
            if start.persisted > head {
                through = try EventLogReader.newestID(in: database)
                guard start.persisted <= through else { throw CursorFormat.Problem.expired }
            }
            let page = try collector.collect(for: audience, after: start, through: EventPosition(persisted: through, ephemeral: .max),
                                             limit: limit, scanLimit: scanLimit, in: database)
            // Checked again after reading: events may have been cleaned up while this poll was
            // on its way, and a page with a hole must never go out.
            guard start.persisted >= expired else { throw CursorFormat.Problem.expired }
            return Poll(events: page.events, cursor: cursors.text(page.next), hasMore: !page.reachedEnd)
        }
    }

    /// Where a stream resumes: after the cursor, or, without one, at the newest position (the
    /// hub's, past every typing event already published).
    func position(of cursor: String?, head: Int64) throws(CursorFormat.Problem) -> EventPosition {
        guard let cursor else { return EventPosition(persisted: head, ephemeral: ring.newestCounter) }
        let position = try retainedPosition(cursor)
        guard position.persisted <= head else { throw .expired }
        return position
    }

    /// The position of `cursor`, a cursor of this log from after what retention removed.
    private func retainedPosition(_ cursor: String) throws(CursorFormat.Problem) -> EventPosition {
        let position = try cursors.position(cursor)
        guard position.persisted >= expired else { throw .expired }
        return position
    }

    // MARK: For the worker

    func takeWork(timeoutMilliseconds: Int) -> Inbox? {
        inbox.wait(until: { inbox in
            guard !inbox.commands.isEmpty || !inbox.typing.isEmpty || !inbox.shared.isEmpty || inbox.committed || inbox.stopping else {
                return nil
            }
            defer {
                inbox.commands.removeAll(keepingCapacity: true)
                inbox.typing.removeAll(keepingCapacity: true)
                inbox.shared.removeAll(keepingCapacity: true)
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
    /// Events read from the log per query while following it live.
    public var readBatch = 1000
    /// Log rows one poll or one replay chunk may look at: about 20 ms of a reader. A visitor who
    /// sees almost nothing of a busy website pays with more polls, not with others' waiting.
    public var scanLimit = 2000
    /// Scans that hold store readers at once: one of the store's two, so that ordinary reads
    /// always find the other.
    public var concurrentScans = 1
    /// Polls one website may have waiting for their turn; a poll past it is answered 429.
    /// Replay chunks always wait (one per connection at most).
    public var pollsWaitingPerWebsite = 64
    /// Events one replay chunk sends at most.
    public var replayChunkEvents = 500
    /// Live events held for a connection while its replay runs; past it they are dropped and the
    /// replay goes on to where the hub then stands, so nothing is lost and memory stays bounded.
    public var heldEventsPerReplay = 1000
    /// Typing events waiting for the hub's thread; past it new ones are shed.
    public var typingQueueLimit = 4096
    /// Chats whose newest route the hub keeps for typing checks.
    public var cachedChatRoutes = 100_000
    /// Persisted events are kept this long (contract §5: at least 7 days), then cleaned up.
    public var eventRetentionMilliseconds: Int64 = 7 * 24 * 3600 * 1000
    /// Where the hub reports failures it survives (a log read to retry, a retention pass).
    public var logger = Logger.standard
    /// How often the hub looks for events to clean up.
    public var retentionCheckMilliseconds: UInt64 = 10 * 60 * 1000
    /// How long a staff member's state outlives their last connection (`Availability`): a
    /// reconnect within it announces nothing.
    public var presenceGraceMilliseconds: Int64 = Availability.defaultGraceMilliseconds
    /// How often this node vouches for its staff connections and looks for staff gone offline.
    public var presenceUpkeepMilliseconds: UInt64 = 5_000

    public init() {}
}
