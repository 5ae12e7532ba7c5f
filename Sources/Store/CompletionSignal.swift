import Synchronization

/// A one-time event that any number of tasks can await: the store uses it to tell `close()`
/// callers that its threads have finished and its connections are closed.
package final class CompletionSignal: Sendable {
    package init() {}

    private struct State {
        var isComplete = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    package func wait() async {
        await withCheckedContinuation { continuation in
            let isComplete = state.withLock { state in
                if !state.isComplete { state.waiters.append(continuation) }
                return state.isComplete
            }
            if isComplete { continuation.resume() }
        }
    }

    package func complete() {
        let waiters = state.withLock { state in
            state.isComplete = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
