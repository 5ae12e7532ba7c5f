import Clock
import Postgres
import PostgresTestSupport
import Synchronization
import Testing

/// Migrations run under an advisory lock: one node migrates, the others wait.
@Suite struct AdvisoryLockTests {
    /// When the waiting thread got the lock.
    private final class Acquired: Sendable {
        let at = Mutex<UInt64?>(nil)
    }

    @Test func aHeldLockExcludesASecondConnectionUntilReleased() async throws {
        try await withTestDatabase { target in
            let key: Int64 = 0x7765_6263_6861_74
            let holder = try PostgresConnection(target: target)
            try holder.advisoryLock(key)
            let observer = try PostgresConnection(target: target)
            #expect(try observer.tryAdvisoryLock(key) == false)

            // A blocking wait on a third connection returns only after the holder releases.
            let acquired = Acquired()
            let waiter = try BackgroundThread("lock-waiter") {
                let connection = try PostgresConnection(target: target)
                try connection.advisoryLock(key)
                acquired.at.withLock { $0 = MonotonicClock.milliseconds() }
                try connection.advisoryUnlock(key)
            }
            try waitUntil("the third connection waits for the lock") {
                try observer.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")[0].int(0) == 1
            }
            #expect(acquired.at.withLock { $0 } == nil)
            let releasedAt = MonotonicClock.milliseconds()
            try holder.advisoryUnlock(key)
            try waiter.join()
            #expect(try #require(acquired.at.withLock { $0 }) >= releasedAt)
            #expect(try observer.tryAdvisoryLock(key) == true, "released by the waiter in turn")
            try observer.advisoryUnlock(key)
            #expect(throws: PostgresError.self) { try observer.advisoryUnlock(key) }
        }
    }

    @Test func withAdvisoryLockReleasesTheLockWhenItsBodyThrows() async throws {
        struct Failed: Error {}
        try await withTestDatabase { target in
            let first = try PostgresConnection(target: target)
            let second = try PostgresConnection(target: target)
            #expect(throws: Failed.self) {
                try first.withAdvisoryLock(42) { _ in
                    #expect(try second.tryAdvisoryLock(42) == false)
                    throw Failed()
                }
            }
            #expect(try second.tryAdvisoryLock(42) == true)
        }
    }

    /// A node killed while holding the lock (its session gone) blocks no one.
    @Test func aClosedConnectionsLockIsReleased() async throws {
        try await withTestDatabase { target in
            var holder: PostgresConnection? = try PostgresConnection(target: target)
            try holder?.advisoryLock(7)
            let other = try PostgresConnection(target: target, configuration: PostgresConfiguration(statementTimeoutMilliseconds: 5_000))
            #expect(try other.tryAdvisoryLock(7) == false)
            holder = nil
            // The server ends the session as soon as it reads the close; this waits for that.
            try other.advisoryLock(7)
        }
    }
}
