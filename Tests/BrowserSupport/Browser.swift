import Glibc
import JSON
import Synchronization
import TestSupport

/// A headless Chromium driven over W3C WebDriver, with a chromedriver and a fresh profile of its own.
///
/// Every call blocks until the browser answers, so tests call it inside `onThread`, never straight
/// from an async test: a blocked thread of Swift's small cooperative pool is one the server under
/// test cannot use. Instances share nothing, so a visitor and an agent are two instances.
/// `close()` (or `withBrowser`, which always calls it) ends Chromium, chromedriver and the profile.
public final class Browser: Sendable {
    /// The profile Chromium was started with; it disappears with `close()`.
    public let profileDirectory: String
    /// Chromium's main process as chromedriver reported it, to check that it is gone after `close()`.
    public let browserProcessID: pid_t?
    /// chromedriver's process, to check that it is gone after `close()`.
    public var driverProcessID: pid_t { driver.process.pid }

    private let temporaryDirectory: TemporaryDirectory
    private let driver: ChromeDriverProcess
    private let sessionPath: String
    private let isClosed = Mutex(false)
    /// Console entries already fetched: chromedriver hands each one out only once.
    let collectedLog = Mutex<[String]>([])

    /// Starts chromedriver and a headless Chromium with a window of the given size.
    public init(windowWidth: Int = 1280, windowHeight: Int = 900) throws(BrowserError) {
        guard let chromedriver = findExecutable("chromedriver"), let chromium = findExecutable("chromium") else {
            throw .launch("chromedriver or chromium is not on PATH; Tests/install-dependencies.sh installs them")
        }
        do {
            temporaryDirectory = try TemporaryDirectory("webchat-browser")
        } catch {
            throw .launch("cannot create the profile directory: \(error)")
        }
        profileDirectory = temporaryDirectory.path + "/profile"
        let session: JSONValue
        do throws(BrowserError) {
            driver = try ChromeDriverProcess.start(executable: chromedriver)
            let capabilities = SessionCapabilities.body(chromium: chromium, profileDirectory: profileDirectory,
                                                        windowWidth: windowWidth, windowHeight: windowHeight)
            do throws(BrowserError) {
                session = try WebDriverClient(port: driver.port).send("POST", "/session", capabilities)
            } catch {
                driver.stop()
                throw error
            }
        } catch {
            temporaryDirectory.remove()
            throw error
        }
        guard let sessionID = session["sessionId"]?.stringValue else {
            driver.stop()
            temporaryDirectory.remove()
            throw .launch("chromedriver created a session without an id: \(session)")
        }
        sessionPath = "/session/" + sessionID
        browserProcessID = session["capabilities"]?["goog:processID"]?.intValue.flatMap { pid_t(exactly: $0) }
    }

    deinit {
        close()
    }

    /// Quits Chromium, stops chromedriver and deletes the profile. Safe to call more than once.
    public func close() {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        do {
            _ = try command("DELETE", "")
        } catch {
            // Chromium did not quit when asked; it is our child's child, so end it rather than leak it.
            if let browserProcessID { kill(browserProcessID, SIGKILL) }
        }
        driver.stop()
        temporaryDirectory.remove()
    }

    /// Sends a command of this session; `path` is relative to it ("/url", "/execute/sync").
    func command(_ method: String, _ path: String, _ body: JSONValue? = nil) throws(BrowserError) -> JSONValue {
        try WebDriverClient(port: driver.port).send(method, sessionPath + path, body)
    }
}
