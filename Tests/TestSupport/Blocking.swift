import Threads

import Synchronization

/// Runs blocking test code (raw sockets, `usleep`) on a thread of its own. Blocking inside an async
/// test would occupy one of the few threads of Swift's cooperative pool, which the server under
/// test needs for its deferred work; on a 2-core machine that deadlocks the test.
///
/// The body stays in the test's task (only its executor changes), so what it records with
/// `#expect` is reported under the test's name, not as an issue of an unknown test.
public func onThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withTaskExecutorPreference(ThreadPerJobExecutor.shared) { try body() }
}

/// Runs each job on a new thread, so a job may block as long as it likes.
final class ThreadPerJobExecutor: TaskExecutor {
    static let shared = ThreadPerJobExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        do {
            try PlatformThread.detach(name: "test-client") { job.runSynchronously(on: executor) }
        } catch {
            fatalError("cannot start a thread for a test: \(error)")
        }
    }
}

/// Runs `body(index)` on `count` threads at once and waits for all; the first error is rethrown.
@available(*, noasync, message: "blocks its thread: call it inside onThread")
public func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
    let failures = FailureList()
    let threads = try (0..<count).map { index in
        try PlatformThread(name: "test-client-\(index)") {
            do { try body(index) } catch { failures.errors.withLock { $0.append(error) } }
        }
    }
    threads.forEach { $0.join() }
    if let failure = failures.errors.withLock({ $0.first }) { throw failure }
}

private final class FailureList: Sendable {
    let errors = Mutex<[any Error]>([])
}
