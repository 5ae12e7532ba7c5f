import Glibc

/// Holds every connection at the start line until all have been set up, then lets them go with
/// one shared start instant, or sends them home when the run is called off (a connection failed
/// its setup, or a thread could not be started).
///
/// `@unchecked Sendable`: waiting needs a condition variable, which `Synchronization` lacks, so the
/// gate holds a pthread mutex and condition (made to be shared between threads, behind pointers
/// that never change), and its other stored properties are read and written only with that mutex
/// held.
final class StartGate: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var arrivals = 0
    private var failures = 0
    private var decision: Decision?

    private enum Decision {
        case go(at: UInt64)
        case callOff
    }

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// A connection is set up (`prepared`) or failed to be; waits for the decision. Returns the
    /// start instant, or nil when the run was called off.
    func arrive(prepared: Bool) -> UInt64? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        arrivals += 1
        if !prepared { failures += 1 }
        pthread_cond_broadcast(condition)
        while decision == nil { pthread_cond_wait(condition, mutex) }
        if case .go(let start)? = decision { return start }
        return nil
    }

    /// Waits until `count` connections arrived; true when every one of them is set up.
    func waitForArrivals(_ count: Int) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while arrivals < count { pthread_cond_wait(condition, mutex) }
        return failures == 0
    }

    func open(at start: UInt64) {
        decide(.go(at: start))
    }

    func callOff() {
        decide(.callOff)
    }

    private func decide(_ value: Decision) {
        pthread_mutex_lock(mutex)
        decision = value
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }
}
