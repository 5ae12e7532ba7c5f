import Glibc
import Synchronization
import Testing
import TestSupport
import Threads
@testable import SQLiteStore
import Store

/// Wake-ups asked for while the writer answers a batch are made once the batch is answered.
@Suite struct DeferredWakeupsTests {
    final class Target {}

    @Test func outsideAScopeAWakeUpIsMadeAtOnce() {
        var woken = 0
        DeferredWakeups.request(for: Target()) { woken += 1 }
        #expect(woken == 1)
    }

    @Test func insideAScopeEachTargetIsWokenOnceWhenTheOutermostScopeEnds() {
        let first = Target()
        let second = Target()
        var log: [String] = []
        DeferredWakeups.deferring {
            DeferredWakeups.request(for: first) { log.append("first") }
            DeferredWakeups.request(for: second) { log.append("second") }
            DeferredWakeups.deferring {
                DeferredWakeups.request(for: first) { log.append("first again") }
            }
            log.append("body done")
        }
        #expect(log == ["body done", "first", "second"])
        DeferredWakeups.request(for: first) { log.append("after") }
        #expect(log.last == "after", "the scope is gone once it ended")
    }

    @Test func aScopeThatThrowsStillMakesItsWakeUps() {
        struct Failure: Error {}
        var woken = false
        #expect(throws: Failure.self) {
            try DeferredWakeups.deferring {
                DeferredWakeups.request(for: Target()) { woken = true }
                throw Failure()
            }
        }
        #expect(woken)
    }

    /// What the test and the writer's jobs signal each other, across threads.
    final class Progress: Sendable {
        let gateEntered = Atomic(false)
        let gateOpen = Atomic(false)
        let answered = Atomic(0)

        @available(*, noasync, message: "blocks its thread: call it inside onThread")
        func wait(until done: () -> Bool) {
            for _ in 0..<5_000 where !done() { usleep(1_000) }
        }
    }

    /// The commit observer hears of a commit after every caller of that commit was answered: a
    /// batch of ten is answered before the one notification that follows it.
    @Test func theWriterAnswersABatchBeforeItsCommitIsObserved() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let log = Mutex<[String]>([])
                store.observeCommits { log.withLock { $0.append("commit") } }
                let progress = Progress()
                // The first job holds the writer until the ten are queued, so they share a batch.
                store.submitWrite({ database in
                    progress.gateEntered.store(true, ordering: .releasing)
                    progress.wait { progress.gateOpen.load(ordering: .acquiring) }
                    return try insertItem("gate", into: database)
                }, completion: { _ in
                    log.withLock { $0.append("answer gate") }
                    progress.answered.add(1, ordering: .releasing)
                })
                try await onThread { progress.wait { progress.gateEntered.load(ordering: .acquiring) } }
                for index in 0..<10 {
                    store.submitWrite({ database in try insertItem("item \(index)", into: database) }, completion: { _ in
                        log.withLock { $0.append("answer") }
                        progress.answered.add(1, ordering: .releasing)
                    })
                }
                progress.gateOpen.store(true, ordering: .releasing)
                try await onThread { progress.wait { progress.answered.load(ordering: .acquiring) == 11 } }
                _ = try await store.write { database in try itemNames(in: database) }
                let entries = log.withLock { $0 }
                #expect(entries.prefix(2) == ["answer gate", "commit"])
                #expect(Array(entries.dropFirst(2).prefix(11)) == Array(repeating: "answer", count: 10) + ["commit"], "\(entries)")
            }
        }
    }
}
