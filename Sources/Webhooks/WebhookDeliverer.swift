import Chat
import Clock
import Logging
import OutboundHTTP
import Store
import Threads

/// Delivers webhooks (contract §9). Each webhook is a reader of the event log with a durable
/// cursor in its row: the dispatcher's thread walks the log for it in order, hands one event at
/// a time to the delivery threads (`DeliveryPool`), and records each attempt and the cursor in the
/// store. Nothing is queued outside the log, so a restart — or `kill -9` — resumes from the
/// cursor: an event is sent again only if its acknowledgement was not yet written.
///
/// A failing webhook holds its own cursor and waits out its retry schedule; other webhooks go on.
/// On a shared database one node at a time delivers a webhook: it holds a lease in the row
/// (`lease_owner`, `lease_until`), renewed while it runs and taken over by another node once it
/// lapses; every write of a reader is fenced by the lease.
public final class WebhookDeliverer: Sendable {
    struct Inbox {
        var outcomes: [DeliveryPool.Outcome] = []
        /// Records committed (true) or fenced off because the lease is gone (false), per webhook.
        var confirmations: [(webhookID: String, kept: Bool)] = []
        var refresh = false
        var stopping = false

        var hasNews: Bool { !outcomes.isEmpty || !confirmations.isEmpty || refresh || stopping }
    }

    private let inbox = ConditionLock(Inbox())
    private let stopped = ConditionLock(false)

    /// Starts the dispatcher's thread and the delivery threads.
    public init(store: Store, configuration: WebhookConfiguration, logger: Logger) throws {
        var client = HTTPClient(rules: configuration.rules, tls: try TLSClientContext(extraCAFile: configuration.extraCAFile))
        client.timeoutNanoseconds = UInt64(max(1, configuration.attemptTimeoutMilliseconds)) * 1_000_000
        let inbox = self.inbox
        let pool = try DeliveryPool(threads: configuration.deliveryThreads, client: client) { outcome in
            inbox.update { $0.outcomes.append(outcome) }
        }
        let dispatcher = WebhookDispatcher(store: store, configuration: configuration, logger: logger, inbox: inbox, pool: pool)
        let stopped = self.stopped
        try PlatformThread.detach(name: "webchat-webhooks") {
            dispatcher.run()
            pool.stop()
            dispatcher.releaseLeases()
            stopped.update { $0 = true }
        }
    }

    /// A webhook changed on this node: read the webhooks again now rather than at the next refresh.
    public func refresh() {
        inbox.update { $0.refresh = true }
    }

    /// Stops delivering: requests in flight end (each within its time limit), and the node lets
    /// go of its leases. Blocks: call it on a thread of its own.
    public func stop() {
        inbox.update { $0.stopping = true }
        stopped.wait { $0 ? () : nil }
    }
}
