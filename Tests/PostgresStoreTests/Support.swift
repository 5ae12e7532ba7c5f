import Clock
import Glibc
import Postgres
@testable import PostgresStore
import PostgresTestSupport
import Store
import Synchronization
import TestSupport

/// The schema of the tests: a table to write, and a log with its counter row, as `PostgresStore`
/// asks of the migrations of every log.
let testMigrations = [Migration(version: 1, sql: """
    CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, amount numeric);
    CREATE TABLE log (id bigint PRIMARY KEY, body text NOT NULL);
    CREATE TABLE log_counters (log text PRIMARY KEY, last_id bigint NOT NULL);
    INSERT INTO log_counters (log, last_id) VALUES ('log', 0)
    """)]

/// Opens a store on `target` (on a thread: opening blocks), runs `body` with it and closes it.
func withStore<R: Sendable>(_ target: PostgresTarget, migrations: [Migration] = testMigrations, readerCount: Int = 2,
                            _ body: (PostgresStore) async throws -> R) async throws -> R {
    let store = try await openStore(target, migrations: migrations, readerCount: readerCount)
    return try await store.closing(after: body)
}

func openStore(_ target: PostgresTarget, migrations: [Migration] = testMigrations, readerCount: Int = 2) async throws -> PostgresStore {
    try await onThread { try PostgresStore(PostgresStoreConfiguration(target: target, readerCount: readerCount), migrations: migrations) }
}

/// Polls `condition` every 10 ms for up to 20 s; throws when it never held.
func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = MonotonicClock.milliseconds() + 20_000
    while try await !condition() {
        guard MonotonicClock.milliseconds() < deadline else { throw TimedOut(what: what) }
        try await Task.sleep(for: .milliseconds(10))
    }
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting until \(what)" }
}

/// The failure a test's work throws on purpose.
struct Refused: Error, Equatable {}

/// A count several threads bump (observer calls, answers).
final class Counter: Sendable {
    private let value = Atomic(0)

    var current: Int { value.load(ordering: .acquiring) }

    func increment() { value.add(1, ordering: .acquiringAndReleasing) }
}

/// A gate the writer's first job waits at, so that the writes queued meanwhile form one batch.
final class Gate: Sendable {
    private let open = Atomic(false)
    private let reached = Atomic(false)

    var isReached: Bool { reached.load(ordering: .acquiring) }

    func wait() {
        reached.store(true, ordering: .releasing)
        while !open.load(ordering: .acquiring) { usleep(1_000) }
    }

    func release() { open.store(true, ordering: .releasing) }
}

extension Database {
    /// The log's ids in id order.
    func logIDs() throws -> [Int64] {
        try queryAll("SELECT id FROM log ORDER BY id") { $0.int(0) ?? -1 }
    }
}

extension Store {
    /// Queues `work` like `write`, counts it in `queued` once it is in the writer's queue, and
    /// returns its outcome.
    func write<T: Sendable>(counting queued: Counter, _ work: @escaping @Sendable (any Database) throws -> T) async
        -> Result<T, any Error> {
        await withCheckedContinuation { continuation in
            submitWrite(work) { continuation.resume(returning: $0) }
            queued.increment()
        }
    }
}
