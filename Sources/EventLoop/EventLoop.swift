import Threads
import CPlatform
import Glibc
import Synchronization

/// The thread-safe face of one event loop: other threads hand it work through `execute`, and the
/// work runs on the loop's own thread with the loop's state in hand. A connection lives on one
/// loop for its whole life, so nothing it owns needs a lock.
public final class EventLoop: Sendable {
    public typealias Task = @Sendable (LoopContext) -> Void

    /// Index of this loop in its group, for logs and for spreading work.
    public let index: Int
    private let wakeFD: Int32
    private let pending = Mutex<[Task]>([])

    init(index: Int) throws(SystemError) {
        let fd = eventfd(0, CPLATFORM_EFD_NONBLOCK | CPLATFORM_EFD_CLOEXEC)
        guard fd >= 0 else { throw SystemError("eventfd") }
        self.index = index
        wakeFD = fd
    }

    deinit {
        close(wakeFD)
    }

    /// Runs `task` on the loop's thread soon. Safe from any thread; wakes the loop only when the
    /// queue was empty, so a burst of completions costs one wake-up — and inside a
    /// `DeferredWakeups.deferring` scope (the store's writer answering a commit) only when the
    /// scope ends, so the loop is not woken into preempting the thread that is still answering.
    public func execute(_ task: @escaping Task) {
        let wasEmpty = pending.withLock { queue in
            queue.append(task)
            return queue.count == 1
        }
        if wasEmpty { DeferredWakeups.request(for: self) { self.wake() } }
    }

    func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    var wakeDescriptor: Int32 { wakeFD }

    func drainWakeups() {
        var count: UInt64 = 0
        _ = Glibc.read(wakeFD, &count, 8)
    }

    func takePending() -> [Task] {
        pending.withLock { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
    }
}
