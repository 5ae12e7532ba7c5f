import Synchronization

/// Who wants to know that the writer committed: the realtime layer reads the events a commit
/// appended. Called on the writer thread after every commit that kept at least one write, so
/// the observer must only hand the news over (signal a thread), never do the work itself.
final class CommitObserver: Sendable {
    private let observer = Mutex<(@Sendable () -> Void)?>(nil)

    func set(_ body: @escaping @Sendable () -> Void) {
        observer.withLock { $0 = body }
    }

    func notify() {
        observer.withLock { $0 }?()
    }
}
