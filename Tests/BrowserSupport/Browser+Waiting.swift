import Glibc
import JSON

extension Browser {
    /// Polls the JavaScript expression `expression` until it evaluates to a truthy value, and
    /// returns that value.
    ///
    /// A realtime page changes when the server pushes something, at a moment a test cannot know;
    /// waiting for the visible outcome is the only race-free way to observe it. An expression that
    /// throws (the element is not there yet) counts as not yet true. On timeout the error carries
    /// the last value, the last exception and the browser's console log.
    @discardableResult
    public func waitUntil(_ expression: String, arguments: [JSONValue] = [],
                          timeoutSeconds: Int = 30) throws(BrowserError) -> JSONValue {
        let script = "return (\n\(expression)\n);"
        let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
        var lastValue: JSONValue?
        var lastError: String?
        while true {
            do throws(BrowserError) {
                let value = try executeScript(script, arguments: arguments)
                if value.isTruthy { return value }
                lastValue = value
                lastError = nil
            } catch .webDriver(_, "javascript error", let message) {
                lastError = message
            }
            if ContinuousClock.now >= deadline { break }
            usleep(100_000)
        }
        let log = (try? browserLog()) ?? ["(the browser log could not be read)"]
        throw .timedOut(expression: expression, seconds: timeoutSeconds, lastValue: lastValue, lastError: lastError,
                        browserLog: log)
    }
}

extension JSONValue {
    /// JavaScript's truthiness as far as it survives WebDriver's serialization (`undefined` and
    /// `NaN` arrive as `null`): false, 0, "" and null are falsy, everything else is truthy.
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let value): !value.isEmpty
        case .array, .object: true
        }
    }
}
