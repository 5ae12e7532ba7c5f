import Chat
import Clock
import Logging
import OutboundHTTP
import Store
import Threads

/// The loop of `WebhookDeliverer`'s thread: leases webhooks, reads each one's next events from the
/// log, sends them one at a time per webhook through the pool, and handles the answers. Owns the
/// readers and its read connection; nothing else touches them.
final class WebhookDispatcher: @unchecked Sendable {
    private let store: Store
    private let configuration: WebhookConfiguration
    private let logger: Logger
    private let inbox: ConditionLock<WebhookDeliverer.Inbox>
    private let pool: DeliveryPool
    private var readers: [String: WebhookReader] = [:]
    private var leaseUntil: Int64 = 0
    private var lastRefresh: Int64 = 0
    private var lastHeadRead: Int64 = 0
    private var head: Int64 = 0
    private var epoch = ""

    /// Events read ahead per webhook.
    static let readAhead = 100
    /// Attempts between two trims of a webhook's delivery log.
    static let trimEvery = 50
    /// Attempts of one webhook answered but not yet written before its next event waits: what a
    /// crash may send again, besides the event in flight.
    static let maxUnrecorded = 8

    init(store: Store, configuration: WebhookConfiguration, logger: Logger, inbox: ConditionLock<WebhookDeliverer.Inbox>, pool: DeliveryPool) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.inbox = inbox
        self.pool = pool
    }

    /// Runs until the delivery stops. Failures of the store are logged and tried again a moment
    /// later: delivery is behind until the database answers, never lost.
    func run() {
        var database: (any Database)?
        while true {
            let news = inbox.wait(until: { state -> WebhookDeliverer.Inbox? in
                guard state.hasNews else { return nil }
                defer { state = WebhookDeliverer.Inbox(stopping: state.stopping) }
                return state
            }, timeoutMilliseconds: Int(waitMilliseconds())) ?? WebhookDeliverer.Inbox()
            if news.stopping { return }
            // Answers first: they need no read, and a reader whose answer was dropped would wait forever.
            for confirmation in news.confirmations { confirm(confirmation.webhookID, kept: confirmation.kept) }
            for outcome in news.outcomes { handle(outcome) }
            do {
                if database == nil {
                    let connection = try store.makeReadConnection(cacheKilobytes: 1024)
                    guard let state = try EventLogStorage.state(in: connection) else {
                        throw StoredDataError(column: "event_log_state", key: "the database", problem: "has no row")
                    }
                    epoch = state.epoch
                    database = connection
                }
                guard let database else { continue }
                let now = Timestamp.now().milliseconds
                if news.refresh || now - lastRefresh >= configuration.refreshMilliseconds { try claim(now: now) }
                try dispatch(database, now: now)
            } catch {
                logger.failure("webhook delivery cannot read the store; trying again", error,
                               level: StoreError.logLevel(for: error, otherwise: .error))
                database = nil
                usleepMilliseconds(500)
            }
        }
    }

    /// Until the next thing to do: a poll of the log, a retry falling due, the next refresh.
    private func waitMilliseconds() -> Int64 {
        let now = Timestamp.now().milliseconds
        var wait = configuration.refreshMilliseconds - (now - lastRefresh)
        if !readers.isEmpty { wait = min(wait, configuration.pollMilliseconds) }
        for reader in readers.values where !reader.inFlight && !reader.pending.isEmpty {
            wait = min(wait, reader.nextAttemptAt - now)
        }
        return max(1, min(wait, 1000))
    }

    // MARK: Leases

    /// A reader for `target`, or nil (said in the log, with why) when what is stored of it does
    /// not read back: that webhook is not delivered.
    private func readable(_ target: WebhookTarget) -> WebhookReader? {
        do {
            return try WebhookReader(target)
        } catch {
            logger.failure("a webhook's stored URL or secret does not read back; not delivering it", error, ["webhook": target.id])
            return nil
        }
    }

    private func claim(now: Int64) throws {
        lastRefresh = now
        let node = configuration.node
        let until = now + configuration.leaseMilliseconds
        let targets = try blockingWrite { database in try Webhooks.claim(node: node, until: until, now: now, in: database) }
        leaseUntil = until
        var kept: [String: WebhookReader] = [:]
        for target in targets {
            guard var reader = readers[target.id] else {
                if let reader = readable(target) { kept[target.id] = reader }
                continue
            }
            if target.url != reader.target.url || target.secret != reader.target.secret {
                guard let fresh = readable(target) else { continue }
                reader = WebhookReader(keeping: reader, with: fresh)
            }
            if target.events != reader.target.events, !reader.inFlight {
                reader.pending.removeAll()
                reader.checkedThrough = reader.cursor
            }
            // Cleared by a PATCH (new URL, turned on again): the admin fixed something, retry now.
            if target.nextAttemptAt == 0, !reader.recording, reader.unrecorded.isEmpty, reader.nextAttemptAt > now {
                reader.nextAttemptAt = 0
            }
            reader.target = target
            kept[target.id] = reader
        }
        readers = kept
    }

    /// On a clean stop: other nodes may take the webhooks at once instead of after the lease.
    func releaseLeases() {
        let node = configuration.node
        do {
            try blockingWrite { database in try Webhooks.release(node: node, in: database) }
        } catch {
            logger.failure("webhook leases not released; other nodes take them when they lapse", error, level: .warning)
        }
    }

    // MARK: Sending

    private func dispatch(_ database: Database, now: Int64) throws {
        let margin = configuration.attemptTimeoutMilliseconds + 5_000
        guard leaseUntil - now > margin else { return }
        if now - lastHeadRead >= configuration.pollMilliseconds {
            head = try EventLogStorage.newestID(in: database)
            lastHeadRead = now
        }
        for id in readers.keys {
            guard var reader = readers[id], !reader.inFlight, reader.unrecorded.count < Self.maxUnrecorded else { continue }
            if reader.pending.isEmpty, head > reader.checkedThrough {
                let through = head
                reader.pending = try EventLogStorage.tails(websiteID: reader.target.websiteID, after: reader.cursor,
                                                           types: reader.target.events, limit: Self.readAhead, in: database)
                if reader.pending.count < Self.readAhead { reader.checkedThrough = through }
            }
            if let event = reader.pending.first, reader.nextAttemptAt <= now {
                reader.inFlight = true
                pool.submit(DeliveryPool.Job(webhookID: id, url: reader.url, key: reader.key,
                                             payload: WebhookPayload(eventID: "\(epoch).\(event.id)", tail: event.tail,
                                                                     websiteID: reader.target.websiteID),
                                             connection: reader.connection))
                reader.connection = nil
            }
            readers[id] = reader
        }
    }

    private func handle(_ outcome: DeliveryPool.Outcome) {
        guard var reader = readers[outcome.webhookID], reader.inFlight, let event = reader.pending.first,
              outcome.eventID == "\(epoch).\(event.id)" else { return }
        reader.inFlight = false
        let now = Timestamp.now()
        let attempt = reader.failures + 1
        var deactivate = false
        var nextAttempt: Timestamp?
        if let status = outcome.status, (200...299).contains(status) {
            reader.cursor = event.id
            reader.failures = 0
            reader.nextAttemptAt = 0
            reader.pending.removeFirst()
            reader.connection = outcome.connection
        } else if outcome.status == 410 {
            deactivate = true
            logger.info("webhook turned off: the receiver answered 410 Gone", ["webhook": outcome.webhookID, "host": reader.url.host])
        } else if attempt > configuration.retryDelaysMilliseconds.count {
            deactivate = true
            reader.failures = attempt
            logger.warning("webhook turned off: every retry of an event failed", ["webhook": outcome.webhookID, "host": reader.url.host,
                                                                                    "event": outcome.eventID])
        } else {
            reader.failures = attempt
            reader.nextAttemptAt = now.milliseconds + configuration.retryDelaysMilliseconds[attempt - 1]
            nextAttempt = Timestamp(milliseconds: reader.nextAttemptAt)
        }
        reader.unrecorded.append(WebhookDelivery(eventID: outcome.eventID, attempt: attempt, status: outcome.status,
                                                 error: outcome.error?.description, at: now, nextAttemptAt: nextAttempt))
        // A webhook turned off is written at once (after any write in flight: the writer keeps
        // the order) and forgotten; otherwise one write at a time per reader.
        if deactivate || !reader.recording { record(&reader, deactivate: deactivate) }
        readers[outcome.webhookID] = deactivate ? nil : reader
    }

    /// Submits the reader's unwritten attempts and its position to the store, without waiting:
    /// the answer comes back through the inbox (`confirm`).
    private func record(_ reader: inout WebhookReader, deactivate: Bool = false) {
        let deliveries = reader.unrecorded
        reader.unrecorded.removeAll()
        reader.recording = true
        reader.recordsSinceTrim += deliveries.count
        let trim = reader.recordsSinceTrim >= Self.trimEvery
        if trim { reader.recordsSinceTrim = 0 }
        let (id, node, cursor, failures, next) = (reader.target.id, configuration.node, reader.cursor, reader.failures, reader.nextAttemptAt)
        let (inbox, logger) = (self.inbox, self.logger)
        store.submitWrite({ database in
            try Webhooks.record(deliveries, webhookID: id, node: node, cursor: cursor, failures: failures, nextAttemptAt: next,
                                deactivate: deactivate, trim: trim, in: database)
        }, completion: { result in
            switch result {
            case .success(let kept):
                inbox.update { $0.confirmations.append((id, kept)) }
            case .failure(let error):
                // The position stays in memory; a restart before the next record re-sends from the
                // last one written (at least once).
                logger.failure("webhook deliveries were not recorded", error, ["webhook": id],
                               level: StoreError.logLevel(for: error, otherwise: .error))
                inbox.update { $0.confirmations.append((id, true)) }
            }
        })
    }

    private func confirm(_ id: String, kept: Bool) {
        guard var reader = readers[id] else { return }
        reader.recording = false
        guard kept else {
            // Deleted, or another node holds the lease now: this node stops delivering it.
            readers[id] = nil
            return
        }
        if !reader.unrecorded.isEmpty { record(&reader) }
        readers[id] = reader
    }

    // MARK: Store

    private func blockingWrite<T: Sendable>(_ work: @escaping @Sendable (any Database) throws -> T) throws -> T {
        let result = ConditionLock<Result<T, any Error>?>(nil)
        store.submitWrite(work) { outcome in result.update { $0 = outcome } }
        return try result.wait { $0 }.get()
    }

    private func usleepMilliseconds(_ milliseconds: Int) {
        _ = inbox.wait(until: { $0.stopping ? () : nil }, timeoutMilliseconds: milliseconds)
    }
}

extension WebhookReader {
    /// `fresh` (a new URL or secret) with the position and progress of `old`; the old receiver's
    /// connection is dropped.
    init(keeping old: WebhookReader, with fresh: WebhookReader) {
        self = fresh
        cursor = old.cursor
        failures = old.failures
        nextAttemptAt = old.nextAttemptAt
        pending = old.pending
        checkedThrough = old.checkedThrough
        inFlight = old.inFlight
        unrecorded = old.unrecorded
        recording = old.recording
        recordsSinceTrim = old.recordsSinceTrim
    }
}
