import Clock
import Auth
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
        try await store.write { database in try WebsiteRows.insert(record, at: now, in: database) }
        return record
    }

    public func all() async throws -> [Record] {
        try await store.read { database in try WebsiteRows.all(in: database) }
    }

    public func find(_ id: String) async throws -> Record? {
        try await store.read { database in try WebsiteRows.find(id, in: database) }
    }

    /// Replaces the secret: tokens signed with the old one stop working at once.
    public func rotateSecret(_ id: String) async throws -> Record? {
        let secret = WebsiteSecret.generate()
        return try await store.write { database in
            guard try WebsiteRows.replaceSecret(of: id, with: secret, at: Timestamp.now(), in: database) else { return nil }
            return try WebsiteRows.find(id, in: database)
        }
    }

    public func update(_ id: String, _ changes: WebsiteChanges) async throws -> Record? {
        try await store.write { database in
            guard let current = try WebsiteRows.find(id, in: database) else { return nil }
            let website = try changes.applied(to: current.website)
            let updatedAt = Timestamp(milliseconds: max(current.updatedAt.milliseconds + 1, Timestamp.now().milliseconds))
            try WebsiteRows.update(id, to: website, updatedAt: updatedAt, in: database)
            return Record(website: website, secret: current.secret, updatedAt: updatedAt)
        }
    }

    /// The change counter of the websites table, bumped by triggers on every change from any
    /// process; comparing it is how a server notices websites created by the CLI.
    public func revision() async throws -> Int64 {
        try await store.read { database in try WebsiteRows.revision(in: database) }
    }
}
