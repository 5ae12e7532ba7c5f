import Threads
import Synchronization

/// The server's spool workers: the threads that write bodies streamed to disk, so that no event
/// loop ever waits for the disk. Each body is written by one of them, taken in turn, which keeps
/// its writes, its end and its removal in order without a lock on the file.
final class SpoolWorkers: Sendable {
    private let workers: [SerialWorker]
    private let turn = Atomic<UInt>(0)

    init(count: Int) throws(SystemError) {
        var workers: [SerialWorker] = []
        do {
            for index in 0..<max(1, count) { workers.append(try SerialWorker(name: "webchat-spool-\(index)")) }
        } catch {
            workers.forEach { $0.stop() }
            throw error
        }
        self.workers = workers
    }

    func next() -> SerialWorker {
        workers[Int(turn.wrappingAdd(1, ordering: .relaxed).oldValue % UInt(workers.count))]
    }

    func stop() {
        workers.forEach { $0.stop() }
    }
}
