import Glibc
import TestSupport

/// chromedriver running as a child of the test process, listening on a port it chose itself.
///
/// Asking for port 0 and reading the real port from chromedriver's startup line leaves no window
/// in which another process could take a port we picked — except one inside chromedriver: it binds
/// the port it got on one address family and then the same number on the other, which a test
/// server may hold by then. chromedriver exits on that collision, and a new start picks another port.
struct ChromeDriverProcess: Sendable {
    let process: ChildProcess
    let port: Int

    static let startupSeconds = 60
    static let stopSeconds = 10
    static let startAttempts = 5

    static func start(executable: String) throws(BrowserError) -> ChromeDriverProcess {
        var attempt = 1
        while true {
            do {
                return try startOnce(executable: executable)
            } catch .launch(let message) where attempt < startAttempts && message.contains("Address already in use") {
                attempt += 1
            }
        }
    }

    private static func startOnce(executable: String) throws(BrowserError) -> ChromeDriverProcess {
        let process: ChildProcess
        do {
            process = try ChildProcess(executable, ["--port=0"])
        } catch {
            throw .launch("\(executable): \(error)")
        }
        // "ChromeDriver was started successfully on port 40901."
        let line = process.waitForLine(containing: "started successfully on port", timeoutSeconds: startupSeconds)
        guard let line, let port = line.split(separator: " ").last.flatMap({ Int($0.filter(\.isNumber)) }) else {
            process.signal(SIGKILL)
            // No browser was started yet, so nothing else holds the pipes and draining them ends.
            _ = process.wait()
            throw .launch("chromedriver did not report its port within \(startupSeconds) s; output: "
                          + process.standardOutput + process.standardError)
        }
        return ChromeDriverProcess(process: process, port: port)
    }

    /// Terminates chromedriver and reaps it, killing it outright if it lingers.
    ///
    /// Reaps with `waitpid` rather than `ChildProcess.wait()`, which first reads the output pipes
    /// to their end: Chromium's helper processes inherit those pipes, and one that outlives the
    /// session would keep that read waiting forever.
    func stop() {
        process.signal(SIGTERM)
        let deadline = ContinuousClock.now + .seconds(Self.stopSeconds)
        while ContinuousClock.now < deadline {
            if reap(options: WNOHANG) { return }
            usleep(20_000)
        }
        process.signal(SIGKILL)
        _ = reap(options: 0)
    }

    /// Whether the process has ended and been collected (or is no longer ours to collect).
    private func reap(options: Int32) -> Bool {
        var status: Int32 = 0
        while true {
            let result = waitpid(process.pid, &status, options)
            if result < 0 && errno == EINTR { continue }
            return result != 0
        }
    }
}
