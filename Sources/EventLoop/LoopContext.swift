import Clock
import Logging
import Threads
import Glibc

/// The loop-confined state of one event loop: its poller, its registered handlers and the read
/// buffer they all share. Only the loop's thread ever touches it, so it is deliberately not
/// `Sendable`; other threads reach it through `EventLoop.execute`.
public final class LoopContext {
    /// The loop this state belongs to, to hand to other threads for completions.
    public let loop: EventLoop
    /// Monotonic milliseconds, refreshed once per loop iteration (cheaper than a clock call per event).
    public private(set) var now: UInt64
    /// One read buffer for every connection of the loop: a connection keeps only the bytes of an
    /// unfinished request, so idle connections cost no buffer memory.
    public let readBuffer: UnsafeMutableRawBufferPointer
    /// How many full buffers a connection reads per readiness event. The poller is
    /// level-triggered, so what is left is reported again at the next iteration, after every
    /// other ready connection had its turn: a client that writes as fast as the loop reads
    /// would otherwise keep the loop reading it alone (a typing flood held a loop for seconds).
    public static let readsPerWakeup = 4
    /// True once the process began to stop; new connections are refused from then on.
    public private(set) var isShuttingDown = false
    /// Where the loop's handlers report failures they survive.
    public let logger: Logger

    private let poller: PlatformPoller
    private var slots: [Slot] = []
    private(set) var handlerCount = 0

    private struct Slot {
        var generation: UInt32 = 0
        var handler: (any LoopHandler)?
    }

    init(loop: EventLoop, readBufferSize: Int, logger: Logger) throws(SystemError) {
        self.loop = loop
        self.logger = logger
        poller = try PlatformPoller()
        now = MonotonicClock.milliseconds()
        readBuffer = .allocate(byteCount: readBufferSize, alignment: 16)
        try poller.register(loop.wakeDescriptor, token: UInt64.max, interest: .readable)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Registers `handler` as the owner of `fd`; the returned id reaches it later, also from
    /// other threads (through `EventLoop.execute` and `handler(for:)`).
    public func add(_ handler: any LoopHandler, fd: Int32, interest: PollInterest) throws(SystemError) -> HandlerID {
        let index = Int(fd)
        if index >= slots.count {
            slots.append(contentsOf: repeatElement(Slot(), count: index - slots.count + 1))
        }
        slots[index].generation &+= 1
        let id = HandlerID(fd: fd, generation: slots[index].generation)
        try poller.register(fd, token: id.token, interest: interest)
        slots[index].handler = handler
        handlerCount += 1
        return id
    }

    public func setInterest(_ id: HandlerID, _ interest: PollInterest) {
        guard handler(for: id) != nil else { return }
        do {
            try poller.modify(id.fd, token: id.token, interest: interest)
        } catch {
            // Only a closed or foreign descriptor makes epoll refuse; the handler's own next
            // read or write reports that connection's end.
            logger.failure("changing a connection's interest failed", error, ["fd": "\(id.fd)"], level: .warning)
        }
    }

    /// Gives the registration of `id` to another handler, which from now on receives its events
    /// (a connection that switched protocols). The descriptor stays registered as it was.
    public func replace(_ id: HandlerID, with handler: any LoopHandler) {
        guard self.handler(for: id) != nil else { return }
        slots[Int(id.fd)].handler = handler
    }

    /// Stops watching the descriptor of `id` while its handler stays (and keeps its ticks), as a
    /// listener does while it backs off; `resume` watches it again. Not a change of interest:
    /// epoll refuses to modify a registration made with `EPOLLEXCLUSIVE`.
    public func suspend(_ id: HandlerID) {
        guard handler(for: id) != nil else { return }
        poller.unregister(id.fd)
    }

    /// Watches the descriptor of a suspended handler again.
    public func resume(_ id: HandlerID, interest: PollInterest) throws(SystemError) {
        guard handler(for: id) != nil else { return }
        try poller.register(id.fd, token: id.token, interest: interest)
    }

    /// Forgets the handler of `id` and stops watching its descriptor; the caller closes the fd.
    public func remove(_ id: HandlerID) {
        guard handler(for: id) != nil else { return }
        poller.unregister(id.fd)
        slots[Int(id.fd)].handler = nil
        handlerCount -= 1
    }

    /// The handler registered under `id`, or nil when it has gone (a late completion finds nothing).
    public func handler(for id: HandlerID) -> (any LoopHandler)? {
        let index = Int(id.fd)
        guard index >= 0, index < slots.count, slots[index].generation == id.generation else { return nil }
        return slots[index].handler
    }

    func poll(timeoutMilliseconds: Int32) throws(SystemError) {
        try poller.wait(timeoutMilliseconds: timeoutMilliseconds) { event in
            if event.token == UInt64.max {
                loop.drainWakeups()
            } else if let handler = handler(for: HandlerID(token: event.token)) {
                handler.handle(event, on: self)
            }
        }
        now = MonotonicClock.milliseconds()
    }

    func forEachHandler(_ body: (any LoopHandler) -> Void) {
        for index in slots.indices {
            if let handler = slots[index].handler { body(handler) }
        }
    }

    private var shutdownDeadline: UInt64 = .max

    func beginShutdown(deadline: UInt64) {
        guard !isShuttingDown else { return }
        isShuttingDown = true
        shutdownDeadline = deadline
        forEachHandler { $0.beginShutdown(on: self) }
    }

    /// The loop may exit: every handler finished, or the grace period ran out.
    func finishedShutdown() -> Bool {
        isShuttingDown && (handlerCount == 0 || now >= shutdownDeadline)
    }
}
