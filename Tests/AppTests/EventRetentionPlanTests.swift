@testable import Chat
import SQLiteStore
import Store
import Testing
import TestSupport

/// The retention check runs every ten minutes on the hub's thread, against a log that holds a
/// week of events: each of its lookups must be a seek, never a walk over the log.
@Suite struct EventRetentionPlanTests {
    @Test(arguments: EventLogStorage.retentionLookups)
    func aRetentionLookupSeeksInsteadOfScanningTheLog(query: String) async throws {
        try await withTemporaryDirectory { directory in
            let store = try SQLiteStore(StoreConfiguration(directory: directory), migrations: Schema.sqlite)
            let steps: [String]
            do {
                steps = try await store.read { database in
                    let bindings: [SQLValue] = query.contains("?") ? [.integer(1)] : []
                    return try database.queryAll("EXPLAIN QUERY PLAN " + query, bindings) { $0.string(3) ?? "" }
                }
            } catch {
                await store.close()
                throw error
            }
            await store.close()
            let logSteps = steps.filter { $0.contains("events") }
            #expect(!logSteps.isEmpty, "\(steps)")
            #expect(logSteps.allSatisfy { $0.hasPrefix("SEARCH") }, "\(steps)")
        }
    }
}
