import Synchronization
import Threads

/// Who wants to know that the writer committed: the realtime layer reads the events a commit
/// appended. Called on the writer thread after every commit that kept at least one write, so
/// the observer must only hand the news over (signal a thread), never do the work itself.
package final class CommitObserver: Sendable {
    package init() {}

    /// The callback lives in a class instance: a closure kept directly in a `Mutex` is read and
    /// written back through `inout` at every `withLock`, and each round trip through the generic
    /// storage wraps it in another reabstraction thunk — calls would grow slower with every commit.
    private final class Callback: Sendable {
        let body: @Sendable () -> Void

        init(_ body: @escaping @Sendable () -> Void) {
            self.body = body
        }
    }

    private let callback = Mutex<Callback?>(nil)

    package func set(_ body: @escaping @Sendable () -> Void) {
        let callback = Callback(body)
        self.callback.withLock { $0 = callback }
    }

    /// Hands the news over; inside the writer's `DeferredWakeups` scope, once the commit's callers
    /// are answered, so that the woken observer does not preempt the writer before it answers.
    package func notify() {
        guard let callback = callback.withLock({ $0 }) else { return }
        DeferredWakeups.request(for: self) { callback.body() }
    }
}
