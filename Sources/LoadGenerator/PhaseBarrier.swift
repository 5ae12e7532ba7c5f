import Threads

/// Where the threads of a realtime run wait for each other between phases (connected, held,
/// sent), so that every thread starts sending from the same plan and the coordinator can look
/// at the server between phases while nothing moves.
final class PhaseBarrier: Sendable {
    private struct State: Sendable {
        var waiting = 0
        var generation = 0
    }

    private let parties: Int
    private let lock = ConditionLock(State())

    init(parties: Int) {
        self.parties = parties
    }

    /// Returns once all `parties` have arrived at this barrier. `weight` > 1 arrives for parties
    /// that never will (threads that could not be started), so the others are not stranded.
    func arriveAndWait(weight: Int = 1) {
        let generation = lock.update(wakeAll: true) { state -> Int? in
            state.waiting += weight
            guard state.waiting >= parties else { return state.generation }
            state.waiting = 0
            state.generation += 1
            return nil
        }
        guard let generation else { return }
        lock.wait { state in state.generation != generation ? () : nil }
    }
}
