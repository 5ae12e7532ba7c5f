import Threads
import Synchronization

/// A thread that runs blocking file work in the order it was handed over, so that no event loop
/// ever waits for the disk. Each streamed body is written by one worker (`SpoolWorkers.next()`),
/// which keeps its writes, its end and its removal in order without a lock on the file.
final class SpoolWorker: Sendable {
    typealias Job = @Sendable () -> Void

    private struct State: Sendable {
        var jobs: [Job] = []
        var stopping = false
    }

    private let state = ConditionLock(State())
    private let thread: PlatformThread

    init(name: String) throws(SystemError) {
        let state = self.state
        thread = try PlatformThread(name: name) { Self.run(state) }
    }

    /// Queues `job`; once the worker has stopped (the server is gone) it runs on the caller's
    /// thread instead, so that cleanup handed over late (a temporary file to remove) still happens.
    func submit(_ job: @escaping Job) {
        var accepted = false
        state.update(wakingOneIf: { state in
            guard !state.stopping else { return false }
            state.jobs.append(job)
            accepted = true
            return state.jobs.count == 1
        })
        if !accepted { job() }
    }

    /// Runs what is queued, then ends the thread and returns once it has ended.
    func stop() {
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

/// The server's spool workers; bodies are spread over them in turn.
final class SpoolWorkers: Sendable {
    private let workers: [SpoolWorker]
    private let turn = Atomic<UInt>(0)

    init(count: Int) throws(SystemError) {
        var workers: [SpoolWorker] = []
        do {
            for index in 0..<max(1, count) { workers.append(try SpoolWorker(name: "webchat-spool-\(index)")) }
        } catch {
            workers.forEach { $0.stop() }
            throw error
        }
        self.workers = workers
    }

    func next() -> SpoolWorker {
        workers[Int(turn.wrappingAdd(1, ordering: .relaxed).oldValue % UInt(workers.count))]
    }

    func stop() {
        workers.forEach { $0.stop() }
    }
}
