import Glibc

/// State guarded by a pthread mutex, with a condition variable to sleep on until the state is
/// ready. Threads that must block (the store's workers, a load generator's start line) wait here
/// instead of polling.
///
/// `@unchecked Sendable`: `Synchronization.Mutex` cannot be waited on with a condition variable,
/// so this wraps the pthread pair itself. `state` is only touched with the mutex held, and the
/// mutex and condition live at fixed heap addresses for the object's whole life.
public final class ConditionLock<State: Sendable>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var state: State

    public init(_ initial: State) {
        state = initial
        pthread_mutex_init(mutex, nil)
        // Timed waits measure on the monotonic clock: a wall clock set back an hour must not
        // make a one-second wait last an hour.
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    public func withLock<R>(_ body: (inout State) -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(&state)
    }

    /// Changes the state and wakes one waiter (`wakeAll`: every waiter) to look at it again.
    public func update<R>(wakeAll: Bool = false, _ body: (inout State) -> R) -> R {
        pthread_mutex_lock(mutex)
        defer {
            if wakeAll { pthread_cond_broadcast(condition) } else { pthread_cond_signal(condition) }
            pthread_mutex_unlock(mutex)
        }
        return body(&state)
    }

    /// Changes the state and wakes one waiter only if `body` returns true: for state that changes
    /// often but matters to the waiter only sometimes, where a wake-up per change would cost a
    /// context switch per change.
    public func update(wakingOneIf body: (inout State) -> Bool) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if body(&state) { pthread_cond_signal(condition) }
    }

    /// Sleeps until `take` finds what it wants in the state (returns non-nil), and returns that.
    public func wait<R>(until take: (inout State) -> R?) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while true {
            if let result = take(&state) { return result }
            pthread_cond_wait(condition, mutex)
        }
    }

    /// Like `wait(until:)`, but gives up after `timeoutMilliseconds` and returns nil, for a
    /// thread that also has periodic work to do.
    public func wait<R>(until take: (inout State) -> R?, timeoutMilliseconds: Int) -> R? {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let nanoseconds = Int(deadline.tv_nsec) + (timeoutMilliseconds % 1000) * 1_000_000
        deadline.tv_sec += timeoutMilliseconds / 1000 + nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while true {
            if let result = take(&state) { return result }
            if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT { return take(&state) }
        }
    }
}
