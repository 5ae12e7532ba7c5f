import JSON

/// Why a browser command failed, worded so that a failing browser test explains itself without
/// a rerun: which command, what WebDriver said, and for a timed-out wait what the page last showed.
public enum BrowserError: Error, Sendable, CustomStringConvertible {
    /// chromedriver refused a command. `code` is the W3C WebDriver error code ("javascript error",
    /// "no such window", "session not created", ...), `message` its explanation.
    case webDriver(command: String, code: String, message: String)
    /// chromedriver or Chromium is missing or did not start.
    case launch(String)
    /// The exchange with chromedriver broke down (connection, malformed reply), or a result could
    /// not be written to disk.
    case io(String)
    /// The expression given to `waitUntil` stayed falsy until the deadline. `lastError` is the
    /// JavaScript error of the last attempt, if it threw; `browserLog` is the page's console output.
    case timedOut(expression: String, seconds: Int, lastValue: JSONValue?, lastError: String?, browserLog: [String])

    /// The WebDriver error code, so tests can tell "javascript error" from "no such window".
    public var code: String? {
        if case .webDriver(_, let code, _) = self { return code }
        return nil
    }

    public var description: String {
        switch self {
        case .webDriver(let command, let code, let message):
            return "\(command) failed with \(code): \(message)"
        case .launch(let reason):
            return "cannot start the browser: \(reason)"
        case .io(let reason):
            return "browser I/O failed: \(reason)"
        case .timedOut(let expression, let seconds, let lastValue, let lastError, let browserLog):
            var text = "waited \(seconds) s for `\(expression)` to be truthy; last value: \(lastValue?.description ?? "none")"
            if let lastError { text += "; last error: \(lastError)" }
            text += browserLog.isEmpty ? "; browser log is empty" : "; browser log:\n" + browserLog.joined(separator: "\n")
            return text
        }
    }
}
