import Chat
import Synchronization

/// Severity of a log line; `--log-level` drops everything below the chosen one.
public enum LogLevel: Int, Comparable, Sendable, CaseIterable {
    case debug, info, warning, error

    public init?(name: String) {
        switch name.lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "warning", "warn": self = .warning
        case "error": self = .error
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warning: "warning"
        case .error: "error"
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Writes one line per event to standard error: time, level, message and `key=value` fields.
/// Callers pass only what may be seen: secrets, tokens and operator keys are never handed to it.
public final class Logger: Sendable {
    public let level: LogLevel
    private let lock = Mutex(())

    public init(level: LogLevel) {
        self.level = level
    }

    /// `fields` are built only when the line is written: a debug line about a refused token costs
    /// nothing at the default level, however often a client sends a bad one.
    public func log(_ level: LogLevel, _ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        guard level >= self.level else { return }
        var line = "\(Timestamp.now().rfc3339) \(level.name) \(message)"
        for (key, value) in fields() {
            line += " \(key)=\(value.contains(" ") ? "\"\(value)\"" : value)"
        }
        lock.withLock { _ in StandardStreams.writeLine(line, toError: true) }
    }

    public func debug(_ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) { log(.debug, message, fields()) }
    public func info(_ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) { log(.info, message, fields()) }
    public func warning(_ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) { log(.warning, message, fields()) }
    public func error(_ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) { log(.error, message, fields()) }
}
