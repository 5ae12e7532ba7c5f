import Clock
import Glibc
import Synchronization

/// Writes one line per event: time, level, message and `key=value` fields. Every layer gets one
/// (the store, the hub, the HTTP server, the loops), so that no failure below the routes vanishes:
/// a caught error that is not answered to a client is logged here, once, with what was being done.
///
/// A flood cannot fill the disk: each message (the fixed text, not its fields) may write
/// `burstPerMessage` lines per window of `windowMilliseconds`; further lines of that message in
/// the window are counted, and the next line written says how many were dropped.
///
/// Callers pass only what may be seen: secrets, tokens and operator keys are never handed to it.
public final class Logger: Sendable {
    public let level: LogLevel
    private let burstPerMessage: Int
    private let windowMilliseconds: UInt64
    private let output: @Sendable (String) -> Void
    private let windows = Mutex<[String: Window]>([:])

    private struct Window {
        var startedAt: UInt64
        var written = 0
        var dropped = 0
    }

    /// A logger to standard error.
    public convenience init(level: LogLevel) {
        self.init(level: level, output: Logger.writeToStandardError)
    }

    /// A logger whose lines go to `output` (tests capture them).
    public init(level: LogLevel, burstPerMessage: Int = 20, windowMilliseconds: UInt64 = 60_000,
                output: @escaping @Sendable (String) -> Void) {
        self.level = level
        self.burstPerMessage = burstPerMessage
        self.windowMilliseconds = windowMilliseconds
        self.output = output
    }

    /// What the lower layers use until the application hands them its own: warnings and errors
    /// to standard error.
    public static let standard = Logger(level: .warning)

    /// `fields` are built only when the line is written: a debug line about a refused token costs
    /// nothing at the default level, however often a client sends a bad one.
    public func log(_ level: LogLevel, _ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        guard level >= self.level else { return }
        write(level, message, fields().map { ($0.key, $0.value) })
    }

    public func debug(_ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) { log(.debug, message, fields()) }
    public func info(_ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) { log(.info, message, fields()) }
    public func warning(_ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) { log(.warning, message, fields()) }
    public func error(_ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) { log(.error, message, fields()) }

    /// Logs a failure that is handled by carrying on (retried later, answered generically, a
    /// connection dropped): `message` says what was being done, the error's own text follows.
    public func failure(_ message: String, _ error: any Error, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:],
                        level: LogLevel = .error) {
        guard level >= self.level else { return }
        write(level, message, [("error", "\(error)")] + fields().map { ($0.key, $0.value) })
    }

    private func write(_ level: LogLevel, _ message: String, _ fields: [(String, String)]) {
        guard let dropped = admit(message) else { return }
        var line = "\(Timestamp.now().rfc3339) \(level.name) \(message)"
        for (key, value) in fields { line += " \(key)=\(Self.field(value))" }
        if dropped > 0 { line += " dropped_similar=\(dropped)" }
        output(line)
    }

    /// A field's value as written: bare when it is one plain word, else in double quotes with
    /// quotes, backslashes and control characters escaped, so that an error text spanning lines
    /// (libpq's do) stays on its event's one line and the next line is the next event.
    static func field(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "\"" && $0 != "\\" }
        guard !plain else { return value }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: quoted += "\\u{\(String(scalar.value, radix: 16))}"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// Nil when `message` used up its lines in this window; otherwise how many lines of it were
    /// dropped since the last one written.
    private func admit(_ message: String) -> Int? {
        let now = MonotonicClock.milliseconds()
        return windows.withLock { windows in
            // Messages are the fixed texts of call sites; the cap only guards against a caller
            // that put a variable into one.
            if windows.count > 1024 { windows.removeAll(keepingCapacity: true) }
            var window = windows[message] ?? Window(startedAt: now)
            if now &- window.startedAt >= windowMilliseconds {
                window.startedAt = now
                window.written = 0
            }
            guard window.written < burstPerMessage else {
                window.dropped += 1
                windows[message] = window
                return nil
            }
            window.written += 1
            let dropped = window.dropped
            window.dropped = 0
            windows[message] = window
            return dropped
        }
    }

    @Sendable private static func writeToStandardError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
