import Threads
import Logging
import EventLoop
import Glibc
import Synchronization

/// Where and how the server listens.
public struct HTTPServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 lets the kernel choose a free port (tests); `start()` returns the one chosen.
    public var port = 8080
    public var loopCount = availableCPUCount()
    public var limits = HTTPLimits()
    /// Header fields added to every response, the server's own error responses included.
    public var defaultHeaders: [(name: String, value: String)] = []
    /// Where the server and its loops report failures they survive (an accept that failed, a
    /// connection that could not be registered).
    public var logger = Logger.standard
    /// Threads that write bodies streamed to disk (`BodyDestination.file`), so that no loop
    /// waits for the disk; each body is written by one of them.
    public var spoolWorkerCount = 2

    public init() {}
}

/// What every connection of a server shares; immutable.
final class HTTPServerContext: Sendable {
    let handler: any HTTPHandler
    let limits: HTTPLimits
    let admission: ConnectionAdmission
    /// Bytes of unfinished request bodies, shared by every connection (`HTTPLimits`).
    let bodyBudget: AddressQuota
    /// Calls to `accept` that failed (other than "nothing waiting"), over all loops: each loop
    /// backs off after one, so this grows by about one a second per loop while descriptors
    /// are exhausted, never at the speed of a spinning loop. Logged with every back-off.
    let failedAccepts = Atomic<Int>(0)
    /// Where bodies streamed to disk are written.
    let spoolWorkers: SpoolWorkers

    init(handler: any HTTPHandler, limits: HTTPLimits, spoolWorkers: SpoolWorkers) {
        self.handler = handler
        self.limits = limits
        self.spoolWorkers = spoolWorkers
        admission = ConnectionAdmission(maxTotal: limits.maxConnections, maxPerAddress: limits.maxConnectionsPerAddress)
        bodyBudget = AddressQuota(maxTotal: limits.maxBufferedBodyBytes, maxPerAddress: limits.maxBufferedBodyBytesPerAddress)
    }
}

/// What the connections of one loop share; loop-confined.
final class HTTPLoopState {
    var serializer: ResponseSerializer

    init(defaultHeaders: [(name: String, value: String)]) {
        serializer = ResponseSerializer(defaultHeaders: defaultHeaders)
    }
}

/// An HTTP/1.1 server: one event loop per core, each with its own listening socket on the same
/// port, so connections spread without a shared accept lock and never change threads.
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    private let context: HTTPServerContext
    private let group: EventLoopGroup

    public init(configuration: HTTPServerConfiguration, handler: any HTTPHandler) throws {
        self.configuration = configuration
        let spoolWorkers = try SpoolWorkers(count: configuration.spoolWorkerCount)
        context = HTTPServerContext(handler: handler, limits: configuration.limits, spoolWorkers: spoolWorkers)
        do {
            group = try EventLoopGroup(loopCount: configuration.loopCount, logger: configuration.logger)
        } catch {
            spoolWorkers.stop()
            throw error
        }
    }

    /// Opens the listening socket and starts the loops; returns the address actually bound.
    public func start() throws -> SocketAddress {
        let socket = ListeningSocket(fd: try Socket.listen(on: try SocketAddress(host: configuration.host, port: configuration.port)),
                                     users: group.loops.count)
        let address: SocketAddress
        do {
            address = try Socket.localAddress(of: socket.fd)
        } catch {
            socket.releaseAll()
            throw error
        }
        let context = self.context
        let defaultHeaders = configuration.defaultHeaders
        var registered = 0
        do {
            try group.start { loop in
                let listener = HTTPListener(socket: socket, server: context, loopState: HTTPLoopState(defaultHeaders: defaultHeaders))
                try listener.register(on: loop)
                registered += 1
            }
        } catch {
            for _ in registered..<group.loops.count { socket.release() }
            throw error
        }
        return address
    }

    /// Stops accepting, lets requests in flight finish for up to the grace period, then closes
    /// every connection and returns once the loops' threads have ended, and the spool workers
    /// after them (having removed the files of bodies cut off). The wait happens on a thread of
    /// its own: requests in flight may need Swift's cooperative pool to finish.
    public func stop(gracePeriodMilliseconds: UInt64 = 10_000) async {
        let group = self.group
        let spoolWorkers = context.spoolWorkers
        let stop: @Sendable () -> Void = {
            group.stop(gracePeriodMilliseconds: gracePeriodMilliseconds)
            spoolWorkers.stop()
        }
        do {
            try await PlatformThread.run(name: "webchat-stop", stop)
        } catch {
            configuration.logger.failure("no thread to stop the loops on; stopping them on this one", error, level: .warning)
            stop()
        }
    }
}

/// The one listening socket that every loop accepts from; closed when the last loop lets go.
final class ListeningSocket: Sendable {
    let fd: Int32
    private let users: Mutex<Int>

    init(fd: Int32, users: Int) {
        self.fd = fd
        self.users = Mutex(users)
    }

    func release() {
        let last = users.withLock { count in
            count -= 1
            return count == 0
        }
        if last { close(fd) }
    }

    func releaseAll() {
        users.withLock { $0 = 0 }
        close(fd)
    }
}
