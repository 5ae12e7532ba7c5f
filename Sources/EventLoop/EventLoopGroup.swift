import Clock
import Logging
import Threads
import CPlatform
import Glibc
import Synchronization

/// A fixed set of event loops, each on its own thread, started together and stopped together.
public final class EventLoopGroup: Sendable {
    public let loops: [EventLoop]
    private let threads = Mutex<[PlatformThread]>([])
    private let readBufferSize: Int
    private let logger: Logger

    public init(loopCount: Int = availableCPUCount(), readBufferSize: Int = 64 * 1024,
                logger: Logger = .standard) throws(SystemError) {
        var loops: [EventLoop] = []
        for index in 0..<max(1, loopCount) {
            loops.append(try EventLoop(index: index))
        }
        self.loops = loops
        self.readBufferSize = readBufferSize
        self.logger = logger
    }

    /// Sets each loop up on the calling thread (`setUp` opens its listener, so a failure such as a
    /// port in use is thrown here), then starts its thread. If one loop fails, those already
    /// started are stopped before the error is rethrown.
    public func start(setUp: (LoopContext) throws -> Void) throws {
        // A peer that leaves must cost its connection an EPIPE, not the process its life.
        cplatform_ignore_sigpipe()
        for loop in loops {
            do {
                let context = try LoopContext(loop: loop, readBufferSize: readBufferSize, logger: logger)
                try setUp(context)
                let thread = try PlatformThread(name: "webchat-loop-\(loop.index)") { Self.run(context) }
                threads.withLock { $0.append(thread) }
            } catch {
                stop(gracePeriodMilliseconds: 0)
                throw error
            }
        }
    }

    /// Asks every handler to finish what is in flight, waits up to the grace period for the loops
    /// to empty, then closes what is left and joins the threads.
    public func stop(gracePeriodMilliseconds: UInt64) {
        let deadline = MonotonicClock.milliseconds() + gracePeriodMilliseconds
        for loop in loops {
            loop.execute { context in context.beginShutdown(deadline: deadline) }
        }
        let joined = threads.withLock { threads in
            defer { threads.removeAll() }
            return threads
        }
        for thread in joined { thread.join() }
    }

    private static func run(_ context: LoopContext) {
        var lastTick = context.now
        while true {
            let timeout: Int32 = context.isShuttingDown ? 50 : 1000
            do {
                try context.poll(timeoutMilliseconds: timeout)
            } catch {
                // epoll itself failing leaves nothing to serve; stop this loop.
                context.logger.failure("event loop stopped: waiting for events failed", error, ["loop": "\(context.loop.index)"])
                break
            }
            for task in context.loop.takePending() { task(context) }
            if context.now &- lastTick >= 1000 || context.isShuttingDown {
                lastTick = context.now
                context.forEachHandler { $0.tick(on: context) }
            }
            if context.finishedShutdown() { break }
        }
        context.forEachHandler { $0.forceClose(on: context) }
    }
}
