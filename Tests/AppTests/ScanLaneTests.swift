import SQLiteStore
import Glibc
@testable import Realtime
import Store
import Synchronization
import Testing
import TestSupport

/// The scan lane (issue 13, point 2): scans hold one reader at a time, start round-robin by
/// website, and a website's polls past its waiting cap are refused while its replay chunks wait.
@Suite struct ScanLaneTests {
    /// What the scans did, from the reader threads.
    final class Journal: Sendable {
        let started = Mutex<[String]>([])
        let refused = Mutex<[String]>([])
        let finished = Atomic<Int>(0)
        let gateOpen = Atomic<Bool>(false)
    }

    static func scan(_ name: String, website: String, on lane: ScanLane, _ store: Store, _ journal: Journal,
                     mayBeRefused: Bool = true, holding: Bool = false) {
        lane.read(store, websiteID: website, mayBeRefused: mayBeRefused, { _ in
            journal.started.withLock { $0.append(name) }
            while holding, !journal.gateOpen.load(ordering: .acquiring) { usleep(1000) }
        }, completion: { result in
            if case .failure = result { journal.refused.withLock { $0.append(name) } }
            journal.finished.add(1, ordering: .relaxed)
        })
    }

    @Test func scansTakeTurnsByWebsiteAndOnlyPollsArePastTheCapRefused() async throws {
        try await withTemporaryDirectory { directory in
            try await SQLiteStore.withOpen(StoreConfiguration(directory: directory, readerCount: 2), migrations: []) { store in
                let lane = ScanLane(concurrency: 1, waitingPerWebsite: 2)
                let journal = Journal()
                // The first scan holds the lane's one place while the others queue.
                Self.scan("a1", website: "a", on: lane, store, journal, holding: true)
                while journal.started.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(5)) }
                for name in ["a2", "a3", "a4"] { Self.scan(name, website: "a", on: lane, store, journal) }
                Self.scan("a-replay", website: "a", on: lane, store, journal, mayBeRefused: false)
                Self.scan("b1", website: "b", on: lane, store, journal)
                #expect(journal.refused.withLock { $0 } == ["a4"], "a's third waiting poll is refused, its replay chunk is not")
                // An ordinary read is not queued behind the scans: the store's other reader takes it.
                #expect(try await store.read { _ in 1 } == 1)
                journal.gateOpen.store(true, ordering: .releasing)
                while journal.finished.load(ordering: .relaxed) < 6 { try await Task.sleep(for: .milliseconds(5)) }
                // Round-robin by website: b's one scan does not wait for all of a's.
                #expect(journal.started.withLock { $0 } == ["a1", "a2", "b1", "a3", "a-replay"])
            }
        }
    }
}
