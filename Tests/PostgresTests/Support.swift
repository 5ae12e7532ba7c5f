import Clock
import Glibc
import Synchronization
import Threads

/// Polls `condition` every 10 ms for up to 10 s; throws when it never held.
func waitUntil(_ what: String, _ condition: () throws -> Bool) throws {
    let deadline = MonotonicClock.milliseconds() + 10_000
    while try !condition() {
        guard MonotonicClock.milliseconds() < deadline else { throw TimedOut(what: what) }
        usleep(10_000)
    }
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting until \(what)" }
}

/// A thread for the other side of a test (a sender, a waiter); `join` rethrows what it threw, so
/// a failure there fails the test.
final class BackgroundThread: Sendable {
    private let thread: PlatformThread
    private let failure: Failure

    private final class Failure: Sendable {
        let error = Mutex<(any Error)?>(nil)
    }

    init(_ name: String, _ body: sending @escaping () throws -> Void) throws {
        let failure = Failure()
        self.failure = failure
        thread = try PlatformThread(name: name) {
            do { try body() } catch { failure.error.withLock { $0 = error } }
        }
    }

    func join() throws {
        thread.join()
        if let error = failure.error.withLock({ $0 }) { throw error }
    }
}
