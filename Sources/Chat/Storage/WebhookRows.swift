import Clock
import Store

/// The `webhooks` table: every statement on it. A row is a webhook as its admin sees it, and also
/// its reader's place in the event log (`cursor`, the last event delivered or passed over; the
/// retries of the event after it; `failures`, `next_attempt_at`) and the lease that lets one node
/// at a time deliver it (`lease_owner`, `lease_until`).
enum WebhookRows {
    /// Schema 15 on SQLite, with the delivery log (`WebhookDeliveryRows`).
    static let sqliteSchemaSQL = """
        CREATE TABLE webhooks (
            id TEXT PRIMARY KEY,
            website_id TEXT NOT NULL REFERENCES websites(id),
            url TEXT NOT NULL,
            events TEXT NOT NULL,
            description TEXT NOT NULL,
            active INTEGER NOT NULL,
            secret TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            cursor INTEGER NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_until INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE INDEX webhooks_by_website ON webhooks (website_id, created_at);
        """ + WebhookDeliveryRows.sqliteSchemaSQL

    /// Schema 15 on PostgreSQL: the same, texts compared by bytes as on SQLite.
    static let postgresSchemaSQL = """
        CREATE TABLE webhooks (
            id TEXT COLLATE "C" PRIMARY KEY,
            website_id TEXT COLLATE "C" NOT NULL REFERENCES websites(id),
            url TEXT NOT NULL,
            events TEXT NOT NULL,
            description TEXT NOT NULL,
            active BIGINT NOT NULL,
            secret TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            cursor BIGINT NOT NULL,
            failures BIGINT NOT NULL DEFAULT 0,
            next_attempt_at BIGINT NOT NULL DEFAULT 0,
            lease_owner TEXT COLLATE "C",
            lease_until BIGINT NOT NULL DEFAULT 0
        );
        CREATE INDEX webhooks_by_website ON webhooks (website_id, created_at);
        """ + WebhookDeliveryRows.postgresSchemaSQL

    private static let columns = "id, website_id, url, events, description, active, secret, created_at, updated_at"

    /// A new webhook reads the log from `cursor` on: the events after its creation.
    static func insert(_ webhook: Webhook, cursor: Int64, in database: Database) throws {
        try database.run("INSERT INTO webhooks (\(columns), cursor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            .text(webhook.id), .text(webhook.websiteID), .text(webhook.url), .text(webhook.events.joined(separator: ",")),
            .text(webhook.description), .integer(webhook.active ? 1 : 0), .text(webhook.secret),
            .integer(webhook.createdAt.milliseconds), .integer(webhook.updatedAt.milliseconds), .integer(cursor),
        ])
    }

    /// Writes what a PATCH may change. `retryNow` clears the wait of a failing event (a new URL,
    /// or turned on again): the admin fixed something, so the next attempt need not wait hours.
    static func update(_ webhook: Webhook, retryNow: Bool, in database: Database) throws {
        try database.run("""
            UPDATE webhooks SET url = ?, events = ?, description = ?, active = ?, updated_at = ?,
                next_attempt_at = CASE WHEN ? = 1 THEN 0 ELSE next_attempt_at END
            WHERE id = ? AND website_id = ?
            """, [.text(webhook.url), .text(webhook.events.joined(separator: ",")), .text(webhook.description),
                  .integer(webhook.active ? 1 : 0), .integer(webhook.updatedAt.milliseconds), .integer(retryNow ? 1 : 0),
                  .text(webhook.id), .text(webhook.websiteID)])
    }

    static func delete(_ id: String, websiteID: String, in database: Database) throws -> Bool {
        try database.run("DELETE FROM webhooks WHERE id = ? AND website_id = ?", [.text(id), .text(websiteID)])
        return database.changes == 1
    }

    static func find(_ id: String, websiteID: String, locking: Bool = false, in database: Database) throws -> Webhook? {
        let sql = "SELECT \(columns) FROM webhooks WHERE id = ? AND website_id = ?"
        return try database.queryOne(locking ? sql + database.dialect.lockingClause : sql, [.text(id), .text(websiteID)], map: webhook)
    }

    static func list(websiteID: String, in database: Database) throws -> [Webhook] {
        try database.queryAll("SELECT \(columns) FROM webhooks WHERE website_id = ? ORDER BY created_at, id", [.text(websiteID)],
                              map: webhook)
    }

    static func count(websiteID: String, in database: Database) throws -> Int {
        let count = try database.queryOne("SELECT count(*) FROM webhooks WHERE website_id = ?", [.text(websiteID)]) { $0.int(0) }
        return Int((count ?? nil) ?? 0)
    }

    // MARK: Delivery

    /// Takes the lease of every active webhook that no node holds (or whose holder let it lapse)
    /// and renews `node`'s own, until `until`; returns what `node` now holds. The one statement
    /// decides on every backend: on PostgreSQL the row lock makes two nodes' claims take turns,
    /// and the second sees the first's lease.
    static func claim(node: String, until: Int64, now: Int64, in database: Database) throws -> [WebhookTarget] {
        try database.run("""
            UPDATE webhooks SET lease_owner = ?, lease_until = ?
            WHERE active = 1 AND (lease_owner = ? OR lease_owner IS NULL OR lease_until < ?)
            """, [.text(node), .integer(until), .text(node), .integer(now)])
        return try database.queryAll("""
            SELECT id, website_id, url, events, secret, cursor, failures, next_attempt_at FROM webhooks
            WHERE active = 1 AND lease_owner = ? ORDER BY id
            """, [.text(node)]) { row in
            WebhookTarget(id: row.string(0) ?? "", websiteID: row.string(1) ?? "", url: row.string(2) ?? "",
                          events: splitEvents(row.string(3)), secret: row.string(4) ?? "", cursor: row.int(5) ?? 0,
                          failures: Int(row.int(6) ?? 0), nextAttemptAt: row.int(7) ?? 0)
        }
    }

    /// Lets go of `node`'s leases (a node stopping cleanly), so another node need not wait for them
    /// to lapse.
    static func release(node: String, in database: Database) throws {
        try database.run("UPDATE webhooks SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?", [.text(node)])
    }

    /// Moves `node`'s reader of webhook `id` on, only while `node` holds its lease (a node that lost
    /// it changes nothing); `deactivate` turns the webhook off. False when nothing changed.
    static func advance(_ id: String, node: String, cursor: Int64, failures: Int, nextAttemptAt: Int64, deactivate: Bool,
                        in database: Database) throws -> Bool {
        try database.run("""
            UPDATE webhooks SET cursor = ?, failures = ?, next_attempt_at = ?, active = CASE WHEN ? = 1 THEN 0 ELSE active END
            WHERE id = ? AND lease_owner = ?
            """, [.integer(cursor), .integer(Int64(failures)), .integer(nextAttemptAt), .integer(deactivate ? 1 : 0),
                  .text(id), .text(node)])
        return database.changes == 1
    }

    private static func splitEvents(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map(String.init)
    }

    private static func webhook(_ row: borrowing Row) -> Webhook {
        Webhook(id: row.string(0) ?? "", websiteID: row.string(1) ?? "", url: row.string(2) ?? "", events: splitEvents(row.string(3)),
                description: row.string(4) ?? "", active: row.int(5) == 1, secret: row.string(6) ?? "",
                createdAt: Timestamp(milliseconds: row.int(7) ?? 0), updatedAt: Timestamp(milliseconds: row.int(8) ?? 0))
    }
}
