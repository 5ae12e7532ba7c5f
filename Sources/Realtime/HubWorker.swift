import Auth
import Chat
import Clock
import EventLoop
import Filters
import Glibc
import Store
import WebSocket

/// The hub's thread and everything only it touches: the subscribers, the replays under way, who
/// is online, its read connection and how far it has routed the log.
final class HubWorker {
    private let hub: Hub
    private let database: Database
    private let configuration: HubConfiguration
    private let collector: EventCollector
    private let retention: EventRetention
    private var position: Int64
    private var subscribers: [String: SubscriberIndex] = [:]
    private var websiteOf: [WebSocketAddress: String] = [:]
    /// Connections whose replay is running, with the live events held for them meanwhile.
    private var catchUps: [WebSocketAddress: CatchUp] = [:]
    /// Where each loop's frames wait for it.
    private var mailboxes: [ObjectIdentifier: LoopMailbox] = [:]
    /// Open connections per (website, principal) of those who announce presence.
    private var online: [PresenceKey: (count: Int, principal: Principal)] = [:]

    /// A principal is its id and its role: the agent and the admin "alice" are two people.
    private struct PresenceKey: Hashable {
        let websiteID: String
        let principalID: String
        let role: Role
    }

    /// A replay under way and what arrived live meanwhile.
    private struct CatchUp {
        var replay: Replay
        var held: [RealtimeEvent] = []
        /// More arrived than may be held: the held events were dropped, and the replay goes on
        /// past its end instead.
        var overflowed = false
    }

    init(hub: Hub, database: Database, position: Int64, configuration: HubConfiguration, retention: EventRetention) {
        self.hub = hub
        self.retention = retention
        self.database = database
        self.position = position
        self.configuration = configuration
        collector = EventCollector(cursors: hub.cursors, ring: hub.ring)
    }

    func run() {
        var lastSweep = MonotonicClock.milliseconds()
        var lastRead = lastSweep
        var lastHorizonRead = lastSweep
        var lastPresenceUpkeep = lastSweep
        var lastRetention: UInt64 = 0
        while true {
            let work = hub.takeWork(timeoutMilliseconds: Int(min(1000, configuration.retentionCheckMilliseconds)))
            // Committed events first: they are what every connection waits for. The log is also
            // read once a second without news: on a shared database another node's commit is
            // announced by a hint that can be lost, and this bounds what a lost one costs; so is
            // the horizon of cleaned-up events, which another node's hub may move.
            let now = MonotonicClock.milliseconds()
            if work?.committed == true || now &- lastRead >= 1000 {
                routeNewEvents()
                lastRead = now
            }
            if now &- lastHorizonRead >= 1000 {
                followExpiredHorizon()
                lastHorizonRead = now
            }
            if let work {
                // Then the connections' own commands, in order, and typing last.
                let closing = Self.closingAddresses(in: work.commands)
                for command in work.commands { handle(command, closing: closing) }
                for typing in work.typing { publish(typing) }
                for (event, route) in work.shared {
                    publishEphemeral(websiteID: event.websiteID, route: route, tail: event.tail)
                }
                if work.stopping { break }
            }
            if now &- lastSweep > 10_000 {
                lastSweep = now
                hub.ring.sweep(now: now)
            }
            if now &- lastPresenceUpkeep >= configuration.presenceUpkeepMilliseconds {
                lastPresenceUpkeep = now
                keepPresenceUp()
            }
            if lastRetention == 0 || now &- lastRetention >= configuration.retentionCheckMilliseconds {
                lastRetention = now
                expireOldEvents()
            }
        }
        for catchUp in catchUps.values { catchUp.replay.cancel() }
        hub.finished()
    }

    /// Connections that close within this batch of commands: their earlier commands (a hello
    /// that waited behind others) are skipped instead of starting work nobody will read.
    private static func closingAddresses(in commands: [Hub.Command]) -> Set<WebSocketAddress> {
        var closing: Set<WebSocketAddress> = []
        for case .unsubscribe(let address) in commands { closing.insert(address) }
        return closing
    }

    /// Cleans up events past the retention period; a failure is logged and retried at the next
    /// check.
    private func expireOldEvents() {
        do {
            guard let boundary = try retention.boundary(now: Timestamp.now().milliseconds, in: database),
                  boundary > hub.expired else { return }
            try retention.delete(after: hub.expired, through: boundary) { hub.expire(through: $0) }
        } catch {
            configuration.logger.failure("event retention failed; retried at the next check", error)
        }
    }

    /// Takes up the horizon of cleaned-up events from the log's state: on a shared database
    /// another node's hub may have moved it, and cursors before it must be refused here too
    /// (reads check it in their own snapshot as well, `EventCollector`).
    private func followExpiredHorizon() {
        do {
            let horizon = try EventLogReader.state(in: database).expiredThrough
            if horizon > hub.expired { hub.expire(through: horizon) }
        } catch {
            configuration.logger.failure("reading the log's horizon failed; retried in a second", error,
                                         level: StoreError.logLevel(for: error, otherwise: .error))
        }
    }

    // MARK: Live events

    /// Routes every event committed since the last round, in id order.
    private func routeNewEvents() {
        while true {
            let read: EventLogReader.NewEvents
            do {
                let routes = hub.routes
                let logger = configuration.logger
                read = try EventLogReader.newEvents(after: position, limit: configuration.readBatch, cursors: hub.cursors,
                                                    isWanted: { [subscribers] websiteID, chatID in
                                                        subscribers[websiteID] != nil || routes.contains(chatID)
                                                    }, damaged: { error in
                                                        logger.failure("an event's route does not read back; it is not delivered live", error)
                                                    }, in: database)
            } catch {
                // The next commit or the next round tries again from the same position.
                configuration.logger.failure("reading new events failed; retrying at the next commit", error,
                                             ["position": "\(position)"], level: StoreError.logLevel(for: error, otherwise: .error))
                return
            }
            guard let readThrough = read.readThrough else { return }
            var delivery = Delivery()
            var routes: [(websiteID: String, chat: FilterableChat)] = []
            for event in read.events {
                if case .chat(let after?, _) = event.route { routes.append((event.websiteID, after)) }
                guard let index = subscribers[event.websiteID] else { continue }
                deliver(event, to: index.candidates(for: event), through: &delivery)
            }
            hub.routes.remember(routes)
            // Published before the frames leave: a client that saw an event and polls from it
            // must find the hub at least that far.
            position = readThrough
            hub.publish(routedThrough: position)
            delivery.post(through: &mailboxes)
            if read.rowCount < configuration.readBatch { return }
        }
    }

    /// Adds `event` for the candidates that receive it; those still replaying hold it instead.
    private func deliver(_ event: RealtimeEvent, to candidates: [Subscriber], through delivery: inout Delivery) {
        guard !catchUps.isEmpty else {
            delivery.add(event, to: candidates)
            return
        }
        delivery.add(event, to: candidates.lazy.filter { !self.hold(event, for: $0) })
    }

    /// True when `subscriber` is replaying, so `event` waits for the replay's end (or is dropped
    /// for a longer replay once too many wait).
    private func hold(_ event: RealtimeEvent, for subscriber: Subscriber) -> Bool {
        guard var catchUp = catchUps[subscriber.address] else { return false }
        guard subscriber.audience.receives(event) else { return true }
        if catchUp.held.count >= configuration.heldEventsPerReplay {
            catchUp.held.removeAll()
            catchUp.overflowed = true
        } else if !catchUp.overflowed {
            catchUp.held.append(event)
        }
        catchUps[subscriber.address] = catchUp
        return true
    }

    /// Sends an ephemeral event to everyone whose audience receives it, and keeps it for resume.
    private func publishEphemeral(websiteID: String, route: RealtimeEvent.Route, tail: [UInt8]) {
        let cursors = hub.cursors
        let event = hub.ring.append(websiteID: websiteID, after: position, now: MonotonicClock.milliseconds()) { position in
            RealtimeEvent(position: position, websiteID: websiteID, route: route, tail: tail, cursors: cursors)
        }
        var delivery = Delivery()
        deliver(event, to: subscribers[websiteID]?.candidates(for: event) ?? [], through: &delivery)
        delivery.post(through: &mailboxes)
    }

    private func publish(_ typing: Hub.Typing) {
        var data: [UInt8] = Array(#"{"principal":"#.utf8)
        MessageSender(typing.viewer.principal).encode(into: &data)
        data.append(contentsOf: (typing.started ? #","state":"start"}"# : #","state":"stop"}"#).utf8)
        let tail = EventLog.tail(type: "typing", chatID: typing.chat.id, at: Timestamp.now(), data: data)
        publishEphemeral(websiteID: typing.viewer.websiteID, route: .chat(after: typing.chat, before: nil), tail: tail)
        share(SharedEphemeral(websiteID: typing.viewer.websiteID, chatID: typing.chat.id, tail: tail))
    }

    // MARK: Commands

    private func handle(_ command: Hub.Command, closing: Set<WebSocketAddress>) {
        switch command {
        case .subscribe(let subscriber, let cursor, let welcome, let refused):
            guard !closing.contains(subscriber.address) else { return }
            subscribe(subscriber, after: cursor, welcome: welcome, refused: refused)
        case .changeAudience(let address, let audience):
            guard let websiteID = websiteOf[address] else { return }
            subscribers[websiteID]?.change(address, to: audience)
        case .unsubscribe(let address):
            remove(address)
        case .replayEnded(let replay, let failure):
            replayEnded(replay, failure: failure)
        }
    }

    private func subscribe(_ subscriber: Subscriber, after cursor: String?, welcome: (String) -> [UInt8],
                           refused: (CursorFormat.Problem) -> Void) {
        // Route what is committed first, so that the replay below ends where live delivery begins.
        routeNewEvents()
        let from: EventPosition
        do {
            from = try hub.position(of: cursor, head: position)
        } catch {
            refused(error)
            return
        }
        let now = EventPosition(persisted: position, ephemeral: hub.ring.newestCounter)
        var greeting = Delivery()
        greeting.add(welcome(hub.cursors.text(max(from, now))), to: subscriber.address)
        greeting.post(through: &mailboxes)
        let websiteID = subscriber.audience.websiteID
        subscribers[websiteID, default: SubscriberIndex()].insert(subscriber)
        websiteOf[subscriber.address] = websiteID
        if cursor != nil, from < now { startReplay(for: subscriber, after: from, through: now) }
        if subscriber.announcesPresence { join(subscriber) }
    }

    private func startReplay(for subscriber: Subscriber, after from: EventPosition, through end: EventPosition) {
        let replay = Replay(subscriber: subscriber, through: end, mailbox: mailbox(for: subscriber.address.loop))
        catchUps[subscriber.address] = CatchUp(replay: replay)
        replay.run(after: from, hub: hub, store: hub.store, collector: collector, configuration: configuration)
    }

    /// A replay finished: the held events follow it, or, if too many arrived, another replay
    /// goes on from its end to where the hub stands now.
    private func replayEnded(_ replay: Replay, failure: (any Error)?) {
        let address = replay.subscriber.address
        guard let catchUp = catchUps[address], catchUp.replay === replay else { return }
        if let failure {
            // Better no subscription than one with a hole: the client reconnects with its cursor.
            configuration.logger.failure("replay failed; closing the connection", failure, level: .warning)
            remove(address)
            address.execute { connection, context in
                connection.close(code: WebSocketCloseCode.internalError, reason: "replay failed", on: context)
            }
            return
        }
        guard let websiteID = websiteOf[address], let subscriber = subscribers[websiteID]?.subscribers[address] else {
            catchUps[address] = nil
            return
        }
        let now = EventPosition(persisted: position, ephemeral: hub.ring.newestCounter)
        if catchUp.overflowed, replay.end < now {
            startReplay(for: subscriber, after: replay.end, through: now)
            return
        }
        catchUps[address] = nil
        var delivery = Delivery()
        for event in catchUp.held { delivery.add(event, to: [subscriber]) }
        delivery.post(through: &mailboxes)
    }

    private func remove(_ address: WebSocketAddress) {
        catchUps.removeValue(forKey: address)?.replay.cancel()
        guard let websiteID = websiteOf.removeValue(forKey: address),
              let subscriber = subscribers[websiteID]?.remove(address) else { return }
        if subscribers[websiteID]?.isEmpty == true { subscribers[websiteID] = nil }
        if subscriber.announcesPresence { leave(subscriber) }
    }

    private func mailbox(for loop: EventLoop) -> LoopMailbox {
        let key = ObjectIdentifier(loop)
        if let mailbox = mailboxes[key] { return mailbox }
        let mailbox = LoopMailbox(loop: loop)
        mailboxes[key] = mailbox
        return mailbox
    }

    // MARK: Presence

    /// A staff member's first connection on this node: the store decides, across every node,
    /// whether that is news (`Availability`); the answer comes back through the hub's queue.
    private func join(_ subscriber: Subscriber) {
        let key = PresenceKey(websiteID: subscriber.audience.websiteID, principalID: subscriber.principal.id,
                              role: subscriber.principal.role)
        let count = (online[key]?.count ?? 0) + 1
        online[key] = (count, subscriber.principal)
        guard count == 1 else { return }
        let hub = self.hub
        let logger = configuration.logger
        hub.availability.submitConnected(subscriber.principal, websiteID: key.websiteID, node: hub.node) { outcome in
            switch outcome {
            case .success(let change?): hub.publishPresence(change)
            case .success(nil): break
            case .failure(let error): logger.failure("recording a staff connection failed; presence may lag", error)
            }
        }
    }

    /// A staff member's last connection on this node closed: the grace period starts, and the
    /// upkeep says offline when it passes with no connection anywhere.
    private func leave(_ subscriber: Subscriber) {
        let key = PresenceKey(websiteID: subscriber.audience.websiteID, principalID: subscriber.principal.id,
                              role: subscriber.principal.role)
        guard let entry = online[key] else { return }
        if entry.count > 1 {
            online[key] = (entry.count - 1, entry.principal)
            return
        }
        online[key] = nil
        let logger = configuration.logger
        hub.availability.submitDisconnected(subscriber.principal, websiteID: key.websiteID, node: hub.node) { outcome in
            if case .failure(let error) = outcome { logger.failure("recording a closed staff connection failed; presence may lag", error) }
        }
    }

    /// Vouches for this node's staff connections and announces who went offline.
    private func keepPresenceUp() {
        let hub = self.hub
        let logger = configuration.logger
        let connected = online.map { (websiteID: $0.key.websiteID, principal: $0.value.principal) }
        hub.availability.submitUpkeep(node: hub.node, connected: connected) { outcome in
            switch outcome {
            case .success(let changes): for change in changes { hub.publishPresence(change) }
            case .failure(let error):
                logger.failure("presence upkeep failed; retried shortly", error, level: StoreError.logLevel(for: error, otherwise: .warning))
            }
        }
    }

    /// Tells the other nodes sharing the database (none for an embedded one), whose hubs publish
    /// it to their own connections: typing and presence cross nodes, and may be lost on the way
    /// as anywhere (contract §5, §12).
    private func share(_ event: SharedEphemeral) {
        hub.store.broadcast(event.payload)
    }
}
