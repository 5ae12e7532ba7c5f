import Threads

/// Holds every connection at the start line until all have been set up, then lets them go with
/// one shared start instant, or sends them home when the run is called off (a connection failed
/// its setup, or a thread could not be started).
final class StartGate: Sendable {
    private struct State: Sendable {
        var arrivals = 0
        var failures = 0
        var decision: Decision?
    }

    private enum Decision: Sendable {
        case go(at: UInt64)
        case callOff
    }

    private let lock = ConditionLock(State())

    /// A connection is set up (`prepared`) or failed to be; waits for the decision. Returns the
    /// start instant, or nil when the run was called off.
    func arrive(prepared: Bool) -> UInt64? {
        lock.update(wakeAll: true) { state in
            state.arrivals += 1
            if !prepared { state.failures += 1 }
        }
        return lock.wait { state -> UInt64?? in
            switch state.decision {
            case .go(let start)?: .some(start)
            case .callOff?: .some(nil)
            case nil: nil
            }
        }
    }

    /// Waits until `count` connections arrived; true when every one of them is set up.
    func waitForArrivals(_ count: Int) -> Bool {
        lock.wait { state in state.arrivals >= count ? state.failures == 0 : nil }
    }

    func open(at start: UInt64) {
        lock.update(wakeAll: true) { $0.decision = .go(at: start) }
    }

    func callOff() {
        lock.update(wakeAll: true) { $0.decision = .callOff }
    }
}
