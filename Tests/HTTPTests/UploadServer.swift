import Glibc
import HTTP
import TestSupport

/// A handler with one route that streams its body to disk (`/upload`), one that refuses
/// uploads before reading them (`/refused`), and memory bodies everywhere else; with the
/// server around it, for the tests of streamed bodies.
struct UploadHandler: HTTPHandler {
    /// Where bodies are spooled while they arrive.
    let spool: String
    /// Where `/upload?keep=NAME` keeps a finished body.
    let kept: String
    let maxBytes: Int

    func bodyDestination(for head: HTTPRequestHead) -> BodyDestination {
        switch head.path {
        case "/upload": .file(BodySpoolPolicy(maxBytes: maxBytes, directory: spool))
        case "/refused": .refuse(HTTPResponse(status: .forbidden, body: Array("not yours".utf8)))
        default: .memory
        }
    }

    /// `/upload` answers `size head-bytes whole` after keeping (`?keep=NAME`) or discarding the
    /// file; other paths answer with the size of their in-memory body.
    func handle(_ request: HTTPRequest) -> HTTPReply {
        guard let body = request.spooledBody else {
            return .response(HTTPResponse(status: .ok, body: Array("memory \(request.path) \(request.body.count)".utf8)))
        }
        let keep = request.query.flatMap { $0.hasPrefix("keep=") ? String($0.dropFirst(5)) : nil }
        let kept = kept
        return .deferred {
            if let keep {
                do {
                    try body.keep(at: kept + "/" + keep)
                } catch {
                    return HTTPResponse(status: .internalServerError, body: Array("\(error)".utf8))
                }
            } else {
                body.discard()
            }
            return HTTPResponse(status: .ok, body: Array("\(body.size) \(body.head.count) \(body.headIsWholeBody)".utf8))
        }
    }

    func errorResponse(for error: HTTPParseError) -> HTTPResponse {
        HTTPResponse(status: error.status, headers: [("Content-Type", "application/json")],
                     body: Array("{\"error\":{\"code\":\"\(error.status.code)\",\"message\":\"\(error.message)\"}}".utf8))
    }
}

/// Runs `body` against a server with `UploadHandler`, spooling into a fresh directory (or
/// `spool`), keeping into another; both are removed afterwards.
func withUploadServer(maxBytes: Int = 16 * 1024 * 1024, limits: HTTPLimits = HTTPLimits(), spool: String? = nil,
                      _ body: @escaping @Sendable (_ port: Int, _ spool: String, _ kept: String) throws -> Void) async throws {
    let spoolDirectory = try TemporaryDirectory("webchat-spool")
    let keptDirectory = try TemporaryDirectory("webchat-kept")
    defer {
        spoolDirectory.remove()
        keptDirectory.remove()
    }
    var configuration = HTTPServerConfiguration()
    configuration.port = 0
    configuration.loopCount = 2
    configuration.limits = limits
    let handler = UploadHandler(spool: spool ?? spoolDirectory.path, kept: keptDirectory.path, maxBytes: maxBytes)
    let server = try HTTPServer(configuration: configuration, handler: handler)
    let address = try server.start()
    do {
        try await onThread { try body(address.port, handler.spool, keptDirectory.path) }
        await server.stop(gracePeriodMilliseconds: 1000)
    } catch {
        await server.stop(gracePeriodMilliseconds: 1000)
        throw error
    }
}

/// The names in a directory, but for `.` and `..`.
func entries(of directory: String) -> [String] {
    guard let handle = opendir(directory) else { return [] }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
        let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}

/// The whole content of a file, or nil when it cannot be opened.
func contents(of path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return bytes }
        bytes.append(contentsOf: buffer[..<count])
    }
}

/// Bytes that differ from position to position, so that a lost, doubled or reordered piece shows.
func patterned(_ count: Int) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        for index in 0..<count { buffer[index] = UInt8(truncatingIfNeeded: (index &* 2_654_435_761) >> 13) }
        initialized = count
    }
}
