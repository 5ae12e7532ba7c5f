import Clock
import Auth
import JSON
import Store

/// Websites in the store. Every change goes through the store's writer (one transaction, answered
/// after commit); reads go to reader connections.
public struct Websites: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// A website and its secret, as kept for token verification. `updatedAt` orders versions of
    /// the same website, so an older snapshot never replaces a newer change.
    public struct Record: Sendable, Equatable {
        public let website: Website
        public let secret: String
        public let updatedAt: Timestamp
    }

    public func create(_ changes: WebsiteChanges) async throws -> Record {
        guard let name = changes.name else {
            throw ValidationError(field: "name", message: "name is required.")
        }
        let now = Timestamp.now()
        let draft = Website(id: Identifier.make(prefix: "ws_"), name: name, allowedOrigins: [], widget: WidgetSettings(), createdAt: now)
        let website = try changes.applied(to: draft)
        let record = Record(website: website, secret: WebsiteSecret.generate(), updatedAt: now)
        try await store.write { database in
            try database.run("""
                INSERT INTO websites (id, name, allowed_origins, widget, secret, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, Self.bindings(record.website) + [.text(record.secret), .integer(now.milliseconds), .integer(now.milliseconds)])
        }
        return record
    }

    public func all() async throws -> [Record] {
        try await store.read { database in try Self.fetchAll(database) }
    }

    public func find(_ id: String) async throws -> Record? {
        try await store.read { database in
            try database.queryOne("\(Self.selectColumns) WHERE id = ?", [.text(id)], map: Self.record)
        }
    }

    /// Replaces the secret: tokens signed with the old one stop working at once.
    public func rotateSecret(_ id: String) async throws -> Record? {
        let secret = WebsiteSecret.generate()
        return try await store.write { database in
            try database.run("UPDATE websites SET secret = ?, updated_at = max(updated_at + 1, ?) WHERE id = ?",
                             [.text(secret), .integer(Timestamp.now().milliseconds), .text(id)])
            guard database.changes == 1 else { return nil }
            return try database.queryOne("\(Self.selectColumns) WHERE id = ?", [.text(id)], map: Self.record)
        }
    }

    public func update(_ id: String, _ changes: WebsiteChanges) async throws -> Record? {
        try await store.write { database in
            guard let current = try database.queryOne("\(Self.selectColumns) WHERE id = ?", [.text(id)], map: Self.record) else {
                return nil
            }
            let website = try changes.applied(to: current.website)
            let updatedAt = Timestamp(milliseconds: max(current.updatedAt.milliseconds + 1, Timestamp.now().milliseconds))
            try database.run("UPDATE websites SET name = ?, allowed_origins = ?, widget = ?, updated_at = ? WHERE id = ?",
                             Array(Self.bindings(website).dropFirst()) + [.integer(updatedAt.milliseconds), .text(id)])
            return Record(website: website, secret: current.secret, updatedAt: updatedAt)
        }
    }

    /// The change counter of the websites table, bumped by triggers on every change from any
    /// process; comparing it is how a server notices websites created by the CLI.
    public func revision() async throws -> Int64 {
        try await store.read { database in try Self.revision(database) }
    }

    static func revision(_ database: Database) throws -> Int64 {
        try database.queryOne("SELECT value FROM revisions WHERE name = 'websites'") { $0.int(0) ?? 0 } ?? 0
    }

    static func fetchAll(_ database: Database) throws -> [Record] {
        try database.queryAll("\(selectColumns) ORDER BY created_at, id", map: record)
    }

    private static let selectColumns = "SELECT id, name, allowed_origins, widget, secret, created_at, updated_at FROM websites"

    private static func bindings(_ website: Website) -> [SQLValue] {
        [.text(website.id), .text(website.name),
         .text(JSONValue.array(website.allowedOrigins.map(JSONValue.string)).jsonText), .text(website.widget.json.jsonText)]
    }

    /// A website row; a `StoredDataError` when its JSON columns do not read back, rather than a
    /// website quietly without origins (which would lift its origin check) or with default widget.
    private static func record(_ row: borrowing Row) throws -> Record {
        let id = row.string(0) ?? ""
        let storedOrigins = try JSONValue.stored(row.string(2) ?? "", column: "websites.allowed_origins", key: id).arrayValue
        guard let origins = storedOrigins?.compactMap(\.stringValue), origins.count == storedOrigins?.count else {
            throw StoredDataError(column: "websites.allowed_origins", key: id, problem: "is not a list of origins")
        }
        let widget = try JSONValue.storedObject(row.string(3) ?? "", column: "websites.widget", key: id)
        let website = Website(id: id, name: row.string(1) ?? "", allowedOrigins: origins,
                              widget: WidgetSettings(stored: widget), createdAt: Timestamp(milliseconds: row.int(5) ?? 0))
        return Record(website: website, secret: row.string(4) ?? "", updatedAt: Timestamp(milliseconds: row.int(6) ?? 0))
    }
}
