import Glibc
import Synchronization
import EventLoop
import HTTP
import Threads
import TestSupport

/// A small handler that exercises every path of the server: immediate answers, deferred work
/// that completes later (out of order), echoes of the body, and JSON error bodies.
struct TestHandler: HTTPHandler {
    /// Holds `/hold` requests until the test releases them.
    let gate = Gate()

    func handle(_ request: HTTPRequest) -> HTTPReply {
        switch request.path {
        case "/hold":
            let gate = gate
            return .deferred {
                await gate.wait()
                return HTTPResponse(status: .ok, body: Array("held".utf8))
            }
        case "/slow":
            let milliseconds = Int(request.query?.split(separator: "=").last ?? "100") ?? 100
            return .deferred {
                try? await Task.sleep(for: .milliseconds(milliseconds))
                return HTTPResponse(status: .ok, body: Array("slow \(milliseconds)".utf8))
            }
        case "/later":
            // Answered from a thread of its own, as the store's writer answers.
            return .callback { respond in
                try? PlatformThread.detach(name: "test-later") {
                    usleep(50_000)
                    respond(HTTPResponse(status: .ok, body: Array("later".utf8)))
                }
            }
        case "/echo":
            return .response(HTTPResponse(status: .ok, headers: [("Content-Type", "application/octet-stream")], body: request.body))
        case "/big":
            return .response(HTTPResponse(status: .ok, body: [UInt8](repeating: UInt8(ascii: "x"), count: 3_000_000)))
        case "/nothing":
            return .response(HTTPResponse(status: .noContent))
        case "/memfd":
            // `/memfd?N`: N patterned bytes from a sealed memfd.
            let count = Int(request.query ?? "") ?? 0
            guard let file = try? SharedFile.sealed(patterned(count), name: "test") else {
                return .response(HTTPResponse(status: .internalServerError))
            }
            return .response(HTTPResponse(status: .ok, bodyFile: FileSlice(file: file, count: count)))
        case "/disk":
            // `/disk?PATH`: the file at PATH, opened for this response only.
            let descriptor = open(request.query ?? "", O_RDONLY | O_CLOEXEC)
            var status = stat()
            guard descriptor >= 0, fstat(descriptor, &status) == 0 else { return .response(HTTPResponse(status: .notFound)) }
            return .response(HTTPResponse(status: .ok, bodyFile: FileSlice(file: SharedFile(adopting: descriptor), count: Int(status.st_size))))
        default:
            return .response(HTTPResponse(status: .ok, headers: [("Content-Type", "text/plain")], body: Array("hello \(request.path)".utf8)))
        }
    }

    func errorResponse(for error: HTTPParseError) -> HTTPResponse {
        HTTPResponse(status: error.status, headers: [("Content-Type", "application/json")],
                     body: Array("{\"error\":{\"code\":\"\(error.status.code)\",\"message\":\"\(error.message)\"}}".utf8))
    }
}

/// A latch for tests: requests wait on it until `release`, and the test can see how many wait.
final class Gate: Sendable {
    private struct State {
        var released = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        var arrived = 0
    }

    private let state = Mutex(State())

    var arrived: Int { state.withLock { $0.arrived } }

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                state.arrived += 1
                if state.released { return true }
                state.waiting.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func release() {
        let waiting = state.withLock { state in
            state.released = true
            defer { state.waiting = [] }
            return state.waiting
        }
        waiting.forEach { $0.resume() }
    }
}

/// Starts a server on an ephemeral port for one test, runs the test's blocking client code on a
/// thread of its own, and stops the server afterwards.
func withServer(limits: HTTPLimits = HTTPLimits(), loops: Int = 2,
                _ body: @escaping @Sendable (_ port: Int) throws -> Void) async throws {
    var configuration = HTTPServerConfiguration()
    configuration.port = 0
    configuration.loopCount = loops
    configuration.limits = limits
    configuration.defaultHeaders = [("X-Content-Type-Options", "nosniff")]
    let server = try HTTPServer(configuration: configuration, handler: TestHandler())
    let address = try server.start()
    do {
        try await onThread { try body(address.port) }
        await server.stop(gracePeriodMilliseconds: 1000)
    } catch {
        await server.stop(gracePeriodMilliseconds: 1000)
        throw error
    }
}
