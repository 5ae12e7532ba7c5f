import Synchronization

/// Every website's secret and origins in memory, so that an event loop verifies a token without
/// touching the store. Websites are few (tenants), so holding all of them is cheap.
///
/// Changes made through this process update it at once; changes made by another process (the
/// `webchat websites` CLI next to a running server) are picked up by `refreshIfChanged`, which the
/// server calls about once a second.
public final class WebsiteDirectory: Sendable {
    private struct State {
        var records: [String: Websites.Record] = [:]
        var revision: Int64 = -1

        /// Keeps the newer of two versions: a snapshot read before a change committed must not
        /// bring back an old secret. Websites are never deleted, so a merge loses nothing.
        mutating func keep(_ record: Websites.Record) {
            if let known = records[record.website.id], known.updatedAt > record.updatedAt { return }
            records[record.website.id] = record
        }
    }

    private let state = Mutex(State())
    private let websites: Websites

    public init(websites: Websites) {
        self.websites = websites
    }

    public func secret(for websiteID: String) -> String? {
        state.withLock { $0.records[websiteID]?.secret }
    }

    public func record(for websiteID: String) -> Websites.Record? {
        state.withLock { $0.records[websiteID] }
    }

    /// Records a change made by this process.
    public func remember(_ record: Websites.Record) {
        state.withLock { $0.keep(record) }
    }

    /// Reloads every website when the store's websites revision moved since the last load.
    public func refreshIfChanged() async throws {
        let known = state.withLock { $0.revision }
        let loaded: (revision: Int64, records: [Websites.Record])? = try await websites.store.read { database in
            let revision = try WebsiteRows.revision(in: database)
            guard revision != known else { return nil }
            return (revision, try WebsiteRows.all(in: database))
        }
        guard let loaded else { return }
        state.withLock { state in
            state.revision = max(state.revision, loaded.revision)
            for record in loaded.records { state.keep(record) }
        }
    }
}
