import Threads
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

    public init() {}
}

/// What every connection of a server shares; immutable.
struct HTTPServerContext: Sendable {
    let handler: any HTTPHandler
    let limits: HTTPLimits
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
        context = HTTPServerContext(handler: handler, limits: configuration.limits)
        group = try EventLoopGroup(loopCount: configuration.loopCount)
    }

    /// Opens the listeners and starts the loops; returns the address actually bound.
    public func start() throws -> SocketAddress {
        var address = try SocketAddress(host: configuration.host, port: configuration.port)
        let context = self.context
        let defaultHeaders = configuration.defaultHeaders
        try group.start { loop in
            let fd = try Socket.listen(on: address)
            if address.port == 0 { address = try Socket.localAddress(of: fd) }
            let listener = HTTPListener(fd: fd, server: context, loopState: HTTPLoopState(defaultHeaders: defaultHeaders))
            do {
                try listener.register(on: loop)
            } catch {
                close(fd)
                throw error
            }
        }
        return address
    }

    /// Stops accepting, lets requests in flight finish for up to the grace period, then closes
    /// every connection and returns once the loops' threads have ended. The wait happens on a
    /// thread of its own: requests in flight may need Swift's cooperative pool to finish.
    public func stop(gracePeriodMilliseconds: UInt64 = 10_000) async {
        let group = self.group
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            do {
                try PlatformThread.detach {
                    group.stop(gracePeriodMilliseconds: gracePeriodMilliseconds)
                    continuation.resume()
                }
            } catch {
                group.stop(gracePeriodMilliseconds: gracePeriodMilliseconds)
                continuation.resume()
            }
        }
    }
}

/// Accepts connections on one loop's listening socket.
final class HTTPListener: LoopHandler {
    private let fd: Int32
    private var id: HandlerID?
    private let server: HTTPServerContext
    private let loopState: HTTPLoopState

    init(fd: Int32, server: HTTPServerContext, loopState: HTTPLoopState) {
        self.fd = fd
        self.server = server
        self.loopState = loopState
    }

    func register(on loop: LoopContext) throws(SystemError) {
        id = try loop.add(self, fd: fd, interest: .readable)
    }

    /// Accepts a bounded batch per wake-up so that a connection storm cannot starve the loop's
    /// existing connections.
    func handle(_ event: PollEvent, on loop: LoopContext) {
        for _ in 0..<64 {
            guard let accepted = try? Socket.accept(fd) else { return }
            let connection = HTTPConnection(fd: accepted.fd, remoteAddress: accepted.peer.host, server: server,
                                            loopState: loopState, now: loop.now)
            do {
                try connection.register(on: loop)
            } catch {
                close(accepted.fd)
            }
        }
    }

    func tick(on loop: LoopContext) {}

    func beginShutdown(on loop: LoopContext) {
        forceClose(on: loop)
    }

    func forceClose(on loop: LoopContext) {
        guard let id else { return }
        loop.remove(id)
        close(fd)
        self.id = nil
    }
}
