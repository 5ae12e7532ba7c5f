import Auth
import Clock
import Store

/// The webhooks of websites (contract §9): an admin creates, lists, changes and deletes them and
/// reads their delivery log; the delivery (`Webhooks` target) leases them, reads the events each
/// is owed and records every attempt through the methods below, which own the SQL.
public struct Webhooks: Sendable {
    let store: any Store

    /// At most this many per website: each is a reader of the log and a stream of requests.
    public static let maxPerWebsite = 20
    /// Attempts the delivery log answers with.
    public static let maxListedDeliveries = WebhookDeliveryRows.kept

    public init(store: any Store) {
        self.store = store
    }

    public func list(websiteID: String) async throws -> [Webhook] {
        try await store.read { database in try WebhookRows.list(websiteID: websiteID, in: database) }
    }

    public func find(_ id: String, websiteID: String) async throws -> Webhook? {
        try await store.read { database in try WebhookRows.find(id, websiteID: websiteID, in: database) }
    }

    /// A new webhook with a fresh secret, active, owed the events committed after it.
    public func create(_ changes: WebhookChanges, websiteID: String) async throws -> Webhook {
        let now = Timestamp.now()
        let webhook = Webhook(id: Identifier.make(prefix: "wh_"), websiteID: websiteID, url: changes.url ?? "", events: changes.events ?? [],
                              description: changes.description ?? "", active: true, secret: WebhookSignature.generateSecret(),
                              createdAt: now, updatedAt: now)
        return try await store.write { database in
            guard try WebhookRows.count(websiteID: websiteID, in: database) < Self.maxPerWebsite else {
                throw ChatError.conflict("A website keeps at most \(Self.maxPerWebsite) webhooks; delete one first.")
            }
            try WebhookRows.insert(webhook, cursor: try EventLogStorage.newestID(in: database), in: database)
            return webhook
        }
    }

    /// Nil when the website has no such webhook.
    public func update(_ id: String, _ changes: WebhookChanges, websiteID: String) async throws -> Webhook? {
        try await store.write { database in
            guard var webhook = try WebhookRows.find(id, websiteID: websiteID, locking: true, in: database) else { return nil }
            let turnedOn = changes.active == true && !webhook.active
            let moved = changes.url.map { $0 != webhook.url } ?? false
            if let url = changes.url { webhook.url = url }
            if let events = changes.events { webhook.events = events }
            if let description = changes.description { webhook.description = description }
            if let active = changes.active { webhook.active = active }
            webhook.updatedAt = Timestamp(milliseconds: max(Timestamp.now().milliseconds, webhook.updatedAt.milliseconds + 1))
            try WebhookRows.update(webhook, retryNow: turnedOn || moved, in: database)
            return webhook
        }
    }

    /// False when the website has no such webhook. Its delivery log goes with it.
    public func delete(_ id: String, websiteID: String) async throws -> Bool {
        try await store.write { database in
            guard try WebhookRows.delete(id, websiteID: websiteID, in: database) else { return false }
            try WebhookDeliveryRows.deleteAll(webhookID: id, in: database)
            return true
        }
    }

    /// The newest attempts first; nil when the website has no such webhook.
    public func deliveries(of id: String, websiteID: String, limit: Int = maxListedDeliveries) async throws -> [WebhookDelivery]? {
        try await store.read { database in
            guard try WebhookRows.find(id, websiteID: websiteID, in: database) != nil else { return nil }
            return try WebhookDeliveryRows.recent(webhookID: id, limit: limit, in: database)
        }
    }

    // MARK: Delivery

    /// Leases every active webhook no live node holds to `node`, renews its own until `until`
    /// (Unix milliseconds), and returns them.
    public static func claim(node: String, until: Int64, now: Int64, in database: Database) throws -> [WebhookTarget] {
        try WebhookRows.claim(node: node, until: until, now: now, in: database)
    }

    public static func release(node: String, in database: Database) throws {
        try WebhookRows.release(node: node, in: database)
    }

    /// Records attempts of webhook `id` by `node` (oldest first) and where its reader now stands,
    /// only while `node` holds the lease; `trim` also cuts its delivery log to the newest attempts.
    /// False when `node` no longer delivers it (lease lost, webhook deleted).
    public static func record(_ deliveries: [WebhookDelivery], webhookID id: String, node: String, cursor: Int64, failures: Int,
                              nextAttemptAt: Int64, deactivate: Bool, trim: Bool, in database: Database) throws -> Bool {
        guard try WebhookRows.advance(id, node: node, cursor: cursor, failures: failures, nextAttemptAt: nextAttemptAt,
                                      deactivate: deactivate, in: database) else { return false }
        for delivery in deliveries { try WebhookDeliveryRows.insert(delivery, webhookID: id, in: database) }
        if trim { try WebhookDeliveryRows.trim(webhookID: id, in: database) }
        return true
    }
}
