import Glibc

/// Wake-ups asked for on one thread while it answers a batch, made once when the batch is done.
///
/// A thread that answers many waiters in a row (the store's writer after a commit) would wake a
/// sleeping event loop with its first answer; on a busy core the woken loop preempts it at once,
/// takes that one answer and sleeps again, and the next answer repeats it: a pair of context
/// switches per answer. Inside `deferring`, `request` only notes the wake-up, and each target is
/// woken once when the scope ends, with every answer of the batch already queued.
public enum DeferredWakeups {
    /// Runs `body`; wake-ups requested on this thread meanwhile are made when it returns. Nested
    /// scopes belong to the outermost one.
    public static func deferring<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        if pthread_getspecific(scopeKey) != nil { return try body() }
        let scope = Scope()
        let retained = Unmanaged.passRetained(scope)
        pthread_setspecific(scopeKey, retained.toOpaque())
        defer {
            pthread_setspecific(scopeKey, nil)
            retained.release()
            scope.wakeAll()
        }
        return try body()
    }

    /// Runs `wake` now, or when this thread's `deferring` scope ends; of several requests for the
    /// same `target` in one scope, the first one's `wake` runs, once.
    public static func request(for target: AnyObject, _ wake: @escaping () -> Void) {
        guard let raw = pthread_getspecific(scopeKey) else {
            wake()
            return
        }
        Unmanaged<Scope>.fromOpaque(raw).takeUnretainedValue().add(ObjectIdentifier(target), wake)
    }

    /// One thread's pending wake-ups; only that thread touches it.
    private final class Scope {
        private var pending: [(target: ObjectIdentifier, wake: () -> Void)] = []

        func add(_ target: ObjectIdentifier, _ wake: @escaping () -> Void) {
            guard !pending.contains(where: { $0.target == target }) else { return }
            pending.append((target, wake))
        }

        func wakeAll() {
            for entry in pending { entry.wake() }
        }
    }
}

/// The thread-specific slot that holds the current thread's scope, if any.
private let scopeKey: pthread_key_t = {
    var key = pthread_key_t()
    precondition(pthread_key_create(&key, nil) == 0, "no thread-specific key left for deferred wake-ups")
    return key
}()
