import Glibc
import HTTP
import TestSupport

/// A small handler that exercises every path of the server: immediate answers, deferred work
/// that completes later (out of order), echoes of the body, and JSON error bodies.
struct TestHandler: HTTPHandler {
    func handle(_ request: HTTPRequest) -> HTTPReply {
        switch request.path {
        case "/slow":
            let milliseconds = Int(request.query?.split(separator: "=").last ?? "100") ?? 100
            return .deferred {
                try? await Task.sleep(for: .milliseconds(milliseconds))
                return HTTPResponse(status: .ok, body: Array("slow \(milliseconds)".utf8))
            }
        case "/echo":
            return .response(HTTPResponse(status: .ok, headers: [("Content-Type", "application/octet-stream")], body: request.body))
        case "/big":
            return .response(HTTPResponse(status: .ok, body: [UInt8](repeating: UInt8(ascii: "x"), count: 3_000_000)))
        case "/nothing":
            return .response(HTTPResponse(status: .noContent))
        default:
            return .response(HTTPResponse(status: .ok, headers: [("Content-Type", "text/plain")], body: Array("hello \(request.path)".utf8)))
        }
    }

    func errorResponse(for error: HTTPParseError) -> HTTPResponse {
        HTTPResponse(status: error.status, headers: [("Content-Type", "application/json")],
                     body: Array("{\"error\":{\"code\":\"\(error.status.code)\",\"message\":\"\(error.message)\"}}".utf8))
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
