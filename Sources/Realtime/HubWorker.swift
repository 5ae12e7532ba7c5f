import Clock
import Auth
import Chat
import EventLoop
import Glibc
import Store
import WebSocket

/// The hub's thread and everything only it touches: the subscribers, who is online, its read
/// connection and how far it has routed the log.
final class HubWorker {
    private let hub: Hub
    private let database: Database
    private let configuration: HubConfiguration
    private let collector: EventCollector
    private let retention: EventRetention
    private var position: Int64
    private var subscribers: [String: SubscriberIndex] = [:]
    private var websiteOf: [WebSocketAddress: String] = [:]
    /// Where each loop's frames wait for it.
    private var mailboxes: [ObjectIdentifier: LoopMailbox] = [:]
    /// Open connections per (website, principal) of those who announce presence.
    private var online: [PresenceKey: Int] = [:]

    private struct PresenceKey: Hashable {
        let websiteID: String
        let principalID: String
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
        var lastRetention: UInt64 = 0
        while true {
            let work = hub.takeWork(timeoutMilliseconds: Int(min(1000, configuration.retentionCheckMilliseconds)))
            if let work {
                for command in work.commands { handle(command) }
                if work.committed { routeNewEvents() }
                if work.stopping { break }
            }
            let now = MonotonicClock.milliseconds()
            if now &- lastSweep > 10_000 {
                lastSweep = now
                hub.ring.sweep(now: now)
            }
            if lastRetention == 0 || now &- lastRetention >= configuration.retentionCheckMilliseconds {
                lastRetention = now
                expireOldEvents()
            }
        }
        hub.finished()
    }

    /// Cleans up events past the retention period. Failures are retried at the next check.
    private func expireOldEvents() {
        guard let boundary = try? retention.boundary(now: Timestamp.now().milliseconds, in: database),
              boundary > hub.expired else { return }
        try? retention.delete(after: hub.expired, through: boundary) { hub.expire(through: $0) }
    }

    // MARK: Live events

    /// Routes every event committed since the last round, in id order.
    private func routeNewEvents() {
        while true {
            let read: EventLogReader.NewEvents
            do {
                read = try EventLogReader.newEvents(after: position, limit: configuration.readBatch, cursors: hub.cursors,
                                                    isFollowed: { subscribers[$0] != nil }, in: database)
            } catch {
                return
            }
            guard let readThrough = read.readThrough else { return }
            var delivery = Delivery()
            for event in read.events {
                guard let index = subscribers[event.websiteID] else { continue }
                delivery.add(event, to: index.candidates(for: event))
            }
            // Published before the frames leave: a client that saw an event and polls from it
            // must find the hub at least that far.
            position = readThrough
            hub.publish(routedThrough: position)
            delivery.post(through: &mailboxes)
            if read.rowCount < configuration.readBatch { return }
        }
    }

    /// Sends an ephemeral event to everyone whose audience receives it, and keeps it for resume.
    private func publishEphemeral(websiteID: String, route: RealtimeEvent.Route, tail: [UInt8]) {
        let cursors = hub.cursors
        let event = hub.ring.append(websiteID: websiteID, after: position, now: MonotonicClock.milliseconds()) { position in
            RealtimeEvent(position: position, websiteID: websiteID, route: route, tail: tail, cursors: cursors)
        }
        var delivery = Delivery()
        delivery.add(event, to: subscribers[websiteID]?.candidates(for: event) ?? [])
        delivery.post(through: &mailboxes)
    }

    // MARK: Commands

    private func handle(_ command: Hub.Command) {
        switch command {
        case .subscribe(let subscriber, let cursor, let welcome, let refused):
            subscribe(subscriber, after: cursor, welcome: welcome, refused: refused)
        case .changeAudience(let address, let audience):
            guard let websiteID = websiteOf[address] else { return }
            subscribers[websiteID]?.change(address, to: audience)
        case .unsubscribe(let address):
            guard let websiteID = websiteOf.removeValue(forKey: address),
                  let subscriber = subscribers[websiteID]?.remove(address) else { return }
            if subscribers[websiteID]?.isEmpty == true { subscribers[websiteID] = nil }
            if subscriber.announcesPresence { leave(subscriber) }
        case .typing(let viewer, let chatID, let started, let done):
            guard let chat = try? Chats.visible(chatID, to: viewer, in: database) else {
                done(false)
                return
            }
            var data: [UInt8] = Array(#"{"principal":"#.utf8)
            MessageSender(viewer.principal).encode(into: &data)
            data.append(contentsOf: (started ? #","state":"start"}"# : #","state":"stop"}"#).utf8)
            let tail = EventLog.tail(type: "typing", chatID: chat.id, at: Timestamp.now(), data: data)
            publishEphemeral(websiteID: viewer.websiteID, route: .chat(after: chat.filterable(), before: nil), tail: tail)
            done(true)
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
        if cursor != nil, !replay(to: subscriber, after: from) {
            // The log could not be read: better no subscription than one with a hole. The
            // client reconnects with the same cursor.
            subscriber.address.execute { connection, context in
                connection.close(code: WebSocketCloseCode.internalError, reason: "replay failed", on: context)
            }
            return
        }
        let websiteID = subscriber.audience.websiteID
        subscribers[websiteID, default: SubscriberIndex()].insert(subscriber)
        websiteOf[subscriber.address] = websiteID
        if subscriber.announcesPresence { join(subscriber) }
    }

    /// Sends everything after `cursor` up to the hub's position, page by page, in order;
    /// false when the log could not be read.
    private func replay(to subscriber: Subscriber, after cursor: EventPosition) -> Bool {
        var from = cursor
        while true {
            guard let page = try? collector.collect(for: subscriber.audience, after: from, through: position,
                                                    limit: configuration.readBatch, in: database) else { return false }
            var delivery = Delivery()
            for event in page.events { delivery.add(event, to: [subscriber]) }
            delivery.post(through: &mailboxes)
            guard page.isFull else { return true }
            from = page.next
        }
    }

    // MARK: Presence

    private func join(_ subscriber: Subscriber) {
        let key = PresenceKey(websiteID: subscriber.audience.websiteID, principalID: subscriber.principal.id)
        online[key, default: 0] += 1
        if online[key] == 1 { announce(subscriber.principal, in: key.websiteID, online: true) }
    }

    private func leave(_ subscriber: Subscriber) {
        let key = PresenceKey(websiteID: subscriber.audience.websiteID, principalID: subscriber.principal.id)
        guard let count = online[key] else { return }
        if count > 1 {
            online[key] = count - 1
        } else {
            online[key] = nil
            announce(subscriber.principal, in: key.websiteID, online: false)
        }
    }

    private func announce(_ principal: Principal, in websiteID: String, online: Bool) {
        var data: [UInt8] = Array(#"{"principal":"#.utf8)
        MessageSender(principal).encode(into: &data)
        data.append(contentsOf: (online ? #","state":"online"}"# : #","state":"offline"}"#).utf8)
        publishEphemeral(websiteID: websiteID, route: .website, tail: EventLog.tail(type: "presence", chatID: nil, at: Timestamp.now(), data: data))
    }
}
