/// A thread that runs blocking jobs (file writes, hashing) in the order they were handed over,
/// so that neither an event loop nor Swift's cooperative pool waits for the disk. Jobs handed to
/// one worker never overlap, which keeps the steps on one file in order without a lock on it.
public final class SerialWorker: Sendable {
    public typealias Job = @Sendable () -> Void

    private struct State: Sendable {
        var jobs: [Job] = []
        var stopping = false
    }

    private let state = ConditionLock(State())
    private let thread: PlatformThread

    public init(name: String) throws(SystemError) {
        let state = self.state
        thread = try PlatformThread(name: name) { Self.run(state) }
    }

    /// Queues `job`; once the worker has stopped it runs on the caller's thread instead, so that
    /// cleanup handed over late (a temporary file to remove) still happens.
    public func submit(_ job: @escaping Job) {
        var accepted = false
        state.update(wakingOneIf: { state in
            guard !state.stopping else { return false }
            state.jobs.append(job)
            accepted = true
            return state.jobs.count == 1
        })
        if !accepted { job() }
    }

    /// Runs `body` on the worker and returns its result to the awaiting task, whose pool thread
    /// is free meanwhile.
    public func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs what is queued, then ends the thread and returns once it has ended.
    public func stop() {
        state.update(wakeAll: true) { $0.stopping = true }
        thread.join()
    }

    private static func run(_ state: ConditionLock<State>) {
        while true {
            let batch = state.wait { state -> [Job]? in
                if !state.jobs.isEmpty {
                    defer { state.jobs = [] }
                    return state.jobs
                }
                return state.stopping ? [] : nil
            }
            if batch.isEmpty { return }
            for job in batch { job() }
        }
    }
}
