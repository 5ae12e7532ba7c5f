import Glibc
import Postgres
import PostgresStore
import PostgresTestSupport
import Store
import Synchronization
import Testing
import TestSupport

/// Two stores on one database, as two nodes: log ids committed in order, commits announced.
@Suite struct NodesTests {
    /// Many writers on two nodes append to the log while a reader follows it by id. Every poll
    /// must find exactly the ids after the last one seen, with no gap: a gap would be an id that
    /// commits later than a greater one, which a follower reading `id > last` would never see.
    @Test func logIDsAreCommittedInOrderAcrossNodes() async throws {
        try await withAsyncTestDatabase { target in
            let first = try await openStore(target)
            let second = try await openStore(target)
            let finished = Atomic(false)
            let appended = 12 * 20 * 2
            async let followed: [String] = onThread {
                let follower = try first.makeReadConnection(cacheKilobytes: 64)
                var last: Int64 = 0
                var problems: [String] = []
                while last < Int64(appended) && problems.isEmpty {
                    // Read before the poll: writes that finished before it must all be in it.
                    let writesFinished = finished.load(ordering: .acquiring)
                    let ids = try follower.queryAll("SELECT id FROM log WHERE id > ? ORDER BY id", [.integer(last)]) { $0.int(0) ?? -1 }
                    if let gap = ids.enumerated().first(where: { $0.element != last + 1 + Int64($0.offset) }) {
                        problems.append("after \(last) the poll found \(ids.prefix(gap.offset + 1)): an id committed late")
                    }
                    last = ids.last ?? last
                    if writesFinished && ids.isEmpty && last < Int64(appended) {
                        problems.append("the log stops at \(last) of \(appended)")
                    }
                }
                return problems
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<12 {
                    let store = writer.isMultiple(of: 2) ? first : second
                    group.addTask {
                        for index in 0..<20 {
                            try await store.write { database in
                                for part in 0..<2 {
                                    try database.append(LogAppend(table: "log", columns: ["body"], values: [.text("\(writer)-\(index)-\(part)")]))
                                }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            finished.store(true, ordering: .releasing)
            let problems = try await followed
            #expect(problems.isEmpty, "\(problems)")
            let ids = try await second.read { database in try database.logIDs() }
            #expect(ids == Array(1...Int64(appended)))
            await first.close()
            await second.close()
        }
    }

    /// A commit on one node wakes the commit observer of the other (LISTEN/NOTIFY), also after
    /// the other's listening session was cut, which it makes up for by waking the observer once.
    @Test func aCommitOnOneNodeWakesTheOtherNodesObserver() async throws {
        try await withAsyncTestDatabase { target in
            try await withStore(target) { writing in
                try await withStore(target) { watching in
                    let woken = Counter()
                    watching.observeCommits { woken.increment() }
                    try await writing.write { database in
                        try database.append(LogAppend(table: "log", columns: ["body"], values: ["hello"]))
                    }
                    try await waitUntil("the other node's observer is woken") { woken.current >= 1 }

                    // Read before the cut: the listener may reconnect and wake the observer before
                    // the cut's answer is back.
                    let beforeReconnect = woken.current
                    let cut = try await listeners(on: target, "count(pg_terminate_backend(pid))")
                    #expect(cut == 2, "both nodes' listeners")
                    try await waitUntil("the listener reconnected and woke the observer") { woken.current > beforeReconnect }
                    try await waitUntil("both listeners listen again") { try await listeners(on: target, "count(*)") == 2 }
                    let beforeCommit = woken.current
                    try await writing.write { database in
                        try database.append(LogAppend(table: "log", columns: ["body"], values: ["again"]))
                    }
                    try await waitUntil("the observer is woken by the next commit") { woken.current > beforeCommit }
                }
            }
        }
    }

    /// What one node broadcasts reaches the other nodes' observers, not its own; a payload too
    /// long for a notification is dropped by the sender instead of failing on the way.
    @Test func broadcastsReachTheOtherNodesOnly() async throws {
        try await withAsyncTestDatabase { target in
            try await withStore(target) { speaking in
                try await withStore(target) { hearing in
                    let heardBySpeaker = Mutex<[String]>([])
                    let heard = Mutex<[String]>([])
                    speaking.observeBroadcasts { payload in heardBySpeaker.withLock { $0.append(payload) } }
                    hearing.observeBroadcasts { payload in heard.withLock { $0.append(payload) } }
                    speaking.broadcast(String(repeating: "x", count: maximumBroadcastBytes + 1))
                    for index in 0..<3 { speaking.broadcast("hello \(index)") }
                    try await waitUntil("the other node heard all three") { heard.withLock { $0.count } >= 3 }
                    hearing.broadcast("answer")
                    try await waitUntil("the first node heard the answer") { heardBySpeaker.withLock { $0.count } >= 1 }
                    #expect(heard.withLock { $0 } == ["hello 0", "hello 1", "hello 2"])
                    #expect(heardBySpeaker.withLock { $0 } == ["answer"])
                }
            }
        }
    }

    /// `aggregate` over the sessions of the test's database that listen (their last statement
    /// was LISTEN): counts them, or terminates them.
    private func listeners(on target: PostgresTarget, _ aggregate: String) async throws -> Int64? {
        try await onThread {
            try PostgresConnection(target: target).execute("""
                SELECT \(aggregate) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'
                """)[0].int(0)
        }
    }
}
