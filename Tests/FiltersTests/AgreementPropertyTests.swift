import SQLiteStore
import Chat
import JSON
import Store
import Testing
import TestSupport
@testable import Filters

/// The SQL compiler and the in-memory evaluator select exactly the same chats, for random chats
/// and random filters. A failure prints its seed; run again with that seed to replay it.
@Suite struct AgreementPropertyTests {
    static let chatCount = 300
    static let filterCount = 3000

    /// Two fixed seeds, so every run covers them, and a fresh one, so runs keep exploring.
    static let seeds: [UInt64] = [20_261_122, 7, UInt64.random(in: 0...UInt64.max)]

    @Test(arguments: seeds)
    func sqlAndMemorySelectTheSameChats(seed: UInt64) async throws {
        // Generating and evaluating take seconds of CPU (minutes under ThreadSanitizer): on a
        // thread of their own, not on the cooperative pool that other tests' servers answer on.
        let (chats, filters) = try await onThread {
            var generator = RandomFilters(seed: seed)
            let chats = (0..<Self.chatCount).map { generator.chat(id: "c\($0)") }
            return (chats, (0..<Self.filterCount).map { _ in generator.filter() })
        }

        try await withChats(chats) { database in
            let selections = try await database.store.read { connection in
                try filters.map { try selectIDs($0.filter, in: connection) }
            }
            let memorySelections = try await onThread { filters.map { database.idsInMemory($0.filter) } }
            var disagreements = 0
            var nonEmpty = 0
            for (index, (description, filter)) in filters.enumerated() {
                let bySQL = selections[index]
                let inMemory = memorySelections[index]
                if !bySQL.isEmpty { nonEmpty += 1 }
                guard bySQL != inMemory else { continue }
                disagreements += 1
                if disagreements <= 5 {
                    let onlySQL = bySQL.subtracting(inMemory).sorted().prefix(3)
                    let onlyMemory = inMemory.subtracting(bySQL).sorted().prefix(3)
                    let example = (onlySQL.first ?? onlyMemory.first).flatMap { id in chats.first { $0.id == id } }
                    Issue.record("""
                        seed \(seed): filter \(description) disagrees
                          SQL only: \(Array(onlySQL)), memory only: \(Array(onlyMemory))
                          e.g. metadata \(example.map { JSONValue.object($0.metadata).jsonText } ?? "-")
                          SQL: \(filter.sql(websiteID: website, columns: .chatTables(.sqlite)).sql)
                        """)
                }
            }
            #expect(disagreements == 0, "seed \(seed): \(disagreements) of \(Self.filterCount) filters disagree")
            // The vocabulary is small on purpose: a run where filters rarely match would prove little.
            #expect(nonEmpty * 4 > Self.filterCount, "seed \(seed): only \(nonEmpty) filters matched anything")
        }
    }
}
