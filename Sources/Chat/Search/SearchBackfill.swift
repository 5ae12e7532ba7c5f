import Store

/// Indexes for search what was written before the index existed (schema 16 on a database that
/// had messages, or a copy made by `webchat migrate-to`): a batch per write transaction, newest
/// first, so that recent conversations are found first and sends wait behind one short batch at a
/// time. Every server runs it when it starts; it does nothing once done.
public struct SearchBackfill: Sendable {
    let store: Store

    /// Rows per transaction.
    public static let batch = 2000

    public init(store: Store) {
        self.store = store
    }

    /// Indexes one batch; returns whether rows remain.
    public func step() async throws -> Bool {
        try await store.write { database in try SearchRows.backfill(batch: Self.batch, in: database) }
    }
}
