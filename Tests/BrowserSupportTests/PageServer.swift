import BrowserSupport
import Glibc
import TestSupport

/// A static web server for test pages: Python's `http.server` over a temporary directory, on a
/// port it picks itself, so pages have a real http:// origin (storage, fetch, blocking by URL).
struct PageServer: Sendable {
    let port: Int
    private let process: ChildProcess
    private let directory: TemporaryDirectory

    init(pages: [String: String]) throws {
        guard let python = findExecutable("python3") else { throw RawClient.Failure(description: "python3 is not on PATH") }
        directory = try TemporaryDirectory("webchat-pages")
        for (path, contents) in pages { try directory.write(path, contents) }
        // -u: the "Serving HTTP on 127.0.0.1 port N" line must not sit in Python's output buffer.
        process = try ChildProcess(python, ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory.path])
        let line = process.waitForLine(containing: "Serving HTTP on")
        let words = line?.split(separator: " ") ?? []
        guard let portWord = words.firstIndex(of: "port").map({ words.index(after: $0) }), portWord < words.endIndex,
              let port = Int(words[portWord]) else {
            process.signal(SIGKILL)
            _ = process.wait()
            directory.remove()
            throw RawClient.Failure(description: "http.server did not start: \(process.standardOutput) \(process.standardError)")
        }
        self.port = port
    }

    func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    func stop() {
        process.signal(SIGTERM)
        _ = process.wait()
        directory.remove()
    }
}

/// Serves `TestPages` and opens a browser for `body`, on a thread of its own; both are shut down
/// afterwards, also when `body` throws.
func withServedPages<Result: Sendable>(_ body: @escaping @Sendable (Browser, PageServer) throws -> Result) async throws -> Result {
    try await onThread {
        let server = try PageServer(pages: TestPages.all)
        defer { server.stop() }
        return try withBrowser { browser in try body(browser, server) }
    }
}
