import Threads
import EventLoop
import Glibc

/// Accepts connections for one loop from the shared listening socket.
///
/// When `accept` fails (the process is out of descriptors, `EMFILE`), the connection stays in the
/// kernel's queue and the level-triggered listener would be reported ready again at once: the
/// loop would spin a core while the waiting clients get nothing. So, as swift-nio's
/// `AcceptBackoffHandler` does, the listener stops watching the socket for a second after a
/// failure. Before that it answers the waiting clients: it keeps one spare descriptor (an open
/// `/dev/null`) for exactly this, closes it to accept a client, answers `503` and closes again,
/// then takes the spare back. Those clients learn to retry instead of hanging.
final class HTTPListener: LoopHandler {
    /// How long accepting pauses after a failure.
    static let backoffMilliseconds: UInt64 = 1000

    private let socket: ListeningSocket
    private var id: HandlerID?
    private let server: HTTPServerContext
    private let loopState: HTTPLoopState
    /// The descriptor given up to answer a client when no other is left; -1 while given up.
    private var spare: Int32 = -1
    /// Set while accepting is paused: when to watch the socket again.
    private var resumeAt: UInt64?

    init(socket: ListeningSocket, server: HTTPServerContext, loopState: HTTPLoopState) {
        self.socket = socket
        self.server = server
        self.loopState = loopState
    }

    deinit {
        if spare >= 0 { close(spare) }
    }

    func register(on loop: LoopContext) throws(SystemError) {
        spare = try Self.openSpare()
        id = try loop.add(self, fd: socket.fd, interest: [.readable, .exclusive])
    }

    /// Accepts a bounded batch per wake-up so that a connection storm cannot starve the loop's
    /// existing connections.
    func handle(_ event: PollEvent, on loop: LoopContext) {
        for _ in 0..<64 {
            let accepted: (fd: Int32, peer: SocketAddress)
            do {
                guard let next = try Socket.accept(socket.fd) else { return }
                accepted = next
            } catch {
                backOff(after: error, loop)
                return
            }
            guard let ticket = server.admission.admit(accepted.peer.host) else {
                refuse(accepted.fd)
                continue
            }
            let connection = HTTPConnection(fd: accepted.fd, remoteAddress: accepted.peer.host, ticket: ticket, server: server,
                                            loopState: loopState, now: loop.now)
            do {
                try connection.register(on: loop)
            } catch {
                loop.logger.failure("registering a new connection failed; it was closed", error, ["loop": "\(loop.loop.index)"])
                close(accepted.fd)
            }
        }
    }

    /// After a failed `accept`: answers whom the spare descriptor can answer (when descriptors ran
    /// out), then stops watching the socket until `backoffMilliseconds` have passed.
    private func backOff(after error: SystemError, _ loop: LoopContext) {
        let failures = server.failedAccepts.add(1, ordering: .relaxed).newValue
        let answered = error.isResourceExhaustion ? answerWithSpare(loop) : 0
        guard let id else { return }
        loop.suspend(id)
        resumeAt = loop.now + Self.backoffMilliseconds
        loop.logger.failure("accepting connections paused for a second", error, [
            "loop": "\(loop.loop.index)", "answered_503": "\(answered)", "failed_accepts": "\(failures)",
        ], level: .warning)
    }

    /// Gives up the spare descriptor to accept and refuse waiting clients one at a time; returns
    /// how many were answered.
    private func answerWithSpare(_ loop: LoopContext) -> Int {
        guard spare >= 0 else { return 0 }
        close(spare)
        spare = -1
        var answered = 0
        while answered < 64 {
            do {
                guard let accepted = try Socket.accept(socket.fd) else { break }
                refuse(accepted.fd)
                answered += 1
            } catch {
                // Another thread took the freed descriptor: the pause that follows covers it.
                server.failedAccepts.add(1, ordering: .relaxed)
                break
            }
        }
        retakeSpare(loop)
        return answered
    }

    private func retakeSpare(_ loop: LoopContext) {
        guard spare < 0 else { return }
        do {
            spare = try Self.openSpare()
        } catch {
            loop.logger.failure("taking back the spare descriptor failed; retrying at the next tick", error, level: .warning)
        }
    }

    /// Over a connection limit or out of descriptors: one best-effort `503` in the application's
    /// error format (a new socket's buffer takes it whole), then close. Nothing is kept for the
    /// refused client.
    private func refuse(_ fd: Int32) {
        let response = server.handler.errorResponse(for: .tooManyConnections)
        let bytes = loopState.serializer.serialize(response, omitBody: false, closeAfter: true, version: .http11)
        var output = OutboundQueue()
        output.append(bytes.head)
        output.append(bytes.body)
        _ = output.flush(to: fd)
        close(fd)
    }

    func tick(on loop: LoopContext) {
        retakeSpare(loop)
        guard let resume = resumeAt, loop.now >= resume, let id else { return }
        do {
            try loop.resume(id, interest: [.readable, .exclusive])
            resumeAt = nil
        } catch {
            resumeAt = loop.now + Self.backoffMilliseconds
            loop.logger.failure("watching the listening socket again failed; retrying in a second", error, level: .warning)
        }
    }

    func beginShutdown(on loop: LoopContext) {
        forceClose(on: loop)
    }

    func forceClose(on loop: LoopContext) {
        guard let id else { return }
        loop.remove(id)
        socket.release()
        self.id = nil
    }

    private static func openSpare() throws(SystemError) -> Int32 {
        let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open /dev/null") }
        return fd
    }
}
