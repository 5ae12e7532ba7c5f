import Logging
import HTTP
import Realtime
import Postgres
import SQLiteStore
import Store

/// Everything `webchat serve` needs, from flags and `WEBCHAT_*` variables (contract §3); a flag
/// wins over its variable, and both over the defaults.
public struct ServeConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var dataDirectory = "./webchat-data"
    /// A PostgreSQL database shared with other nodes (`--database`), instead of the SQLite file of
    /// `dataDirectory`, which then holds only this node's operator key and demo file.
    public var database: PostgresTarget?
    /// Where the store is.
    var storeLocation: StoreLocation { database.map(StoreLocation.postgres) ?? .directory(dataDirectory) }
    public var publicDirectory = "./Public"
    public var logLevel = LogLevel.info
    public var durability = Durability.normal
    /// Event loops; by default one per CPU this process may use.
    public var loopCount: Int?
    public var rateLimits = RateLimits()
    /// The realtime hub's limits: event retention (7 days), typing and presence kept in memory.
    public var realtime = HubConfiguration()
    public var realtimeRateLimits = RealtimeRateLimits()
    /// Open connections allowed in all and per client address (0: no limit).
    public var maxConnections = HTTPLimits().maxConnections
    public var maxConnectionsPerAddress = HTTPLimits().maxConnectionsPerAddress
    /// Longest a token is honoured after its `iat` (or after the moment it is verified, without
    /// `iat`), whatever its `exp` says: a token signed to "never expire" is worth 30 days once
    /// leaked, and a WebSocket opened with it closes then (`token_expired`).
    public var maxTokenLifetime: Int64 = 30 * 24 * 3600
    /// Demo mode (`--demo`, `WEBCHAT_DEMO=1`): a demo website and `GET /api/v1/demo` for the page
    /// at `/`. Only when asked for: it hands out an agent token to anyone who asks.
    public var demo = false
    /// The largest attachment any website may accept (`--max-attachment-bytes`, contract §8).
    public var maxAttachmentBytes = 25 * 1024 * 1024
    /// How long an upload no message sent is kept (contract §8: a day); tests shorten it.
    public var unsentAttachmentLifetime: Duration = .seconds(24 * 3600)
    /// The process environment (for `WEBCHAT_OPERATOR_KEY`), kept so that tests can give their own.
    public var environment: [String: String] = [:]

    public init() {}

    static let optionNames: Set<String> = Set(["host", "port", "public-dir", "log-level", "durability", "write-rate",
                                               "session-rate", "max-connections", "max-connections-per-address",
                                               "max-token-lifetime", "hello-rate", "poll-rate", "typing-rate", "command-rate",
                                               "website-write-rate", "max-attachment-bytes"]).union(StoreLocation.optionNames)
    static let flagNames: Set<String> = ["demo"]

    init(_ arguments: Arguments, environment: [String: String]) throws(UsageError) {
        self.environment = environment
        if let host = arguments.value("host", environment: "WEBCHAT_HOST", in: environment) { self.host = host }
        if let text = arguments.value("port", environment: "WEBCHAT_PORT", in: environment) {
            guard let port = Int(text), (0...65535).contains(port) else { throw UsageError("--port must be a number from 0 to 65535.") }
            self.port = port
        }
        dataDirectory = StoreLocation.dataDirectory(arguments, environment)
        database = try StoreLocation.database(arguments, environment)
        if let directory = arguments.value("public-dir", environment: "WEBCHAT_PUBLIC_DIR", in: environment) { publicDirectory = directory }
        if let text = arguments.value("log-level", environment: "WEBCHAT_LOG_LEVEL", in: environment) {
            guard let level = LogLevel(name: text) else { throw UsageError("--log-level must be debug, info, warning or error.") }
            logLevel = level
        }
        if let rate = try Self.rate(arguments, "write-rate", "WEBCHAT_WRITE_RATE", environment, unit: "writes per second") {
            rateLimits.writesPerSecond = rate
        }
        if let rate = try Self.rate(arguments, "website-write-rate", "WEBCHAT_WEBSITE_WRITE_RATE", environment,
                                    unit: "writes per second") {
            rateLimits.websiteWritesPerSecond = rate
        }
        if let rate = try Self.rate(arguments, "session-rate", "WEBCHAT_SESSION_RATE", environment, unit: "sessions per minute") {
            rateLimits.sessionsPerMinute = rate
        }
        if let rate = try Self.rate(arguments, "hello-rate", "WEBCHAT_HELLO_RATE", environment, unit: "hellos per second") {
            realtimeRateLimits.hellos(perPrincipalPerSecond: rate)
        }
        if let rate = try Self.rate(arguments, "poll-rate", "WEBCHAT_POLL_RATE", environment, unit: "polls per second") {
            realtimeRateLimits.polls(perPrincipalPerSecond: rate)
        }
        if let rate = try Self.rate(arguments, "typing-rate", "WEBCHAT_TYPING_RATE", environment, unit: "typing events per second") {
            realtimeRateLimits.typing(perPrincipalPerSecond: rate)
        }
        if let rate = try Self.rate(arguments, "command-rate", "WEBCHAT_COMMAND_RATE", environment, unit: "messages per second") {
            realtimeRateLimits.commandsPerConnection = .init(rate: rate, burst: rate * 10)
        }
        if let text = arguments.value("max-connections", environment: "WEBCHAT_MAX_CONNECTIONS", in: environment) {
            guard let limit = Int(text), limit >= 0 else { throw UsageError("--max-connections must be a whole number, 0 for no limit.") }
            maxConnections = limit
        }
        if let text = arguments.value("max-connections-per-address", environment: "WEBCHAT_MAX_CONNECTIONS_PER_ADDRESS", in: environment) {
            guard let limit = Int(text), limit >= 0 else {
                throw UsageError("--max-connections-per-address must be a whole number, 0 for no limit.")
            }
            maxConnectionsPerAddress = limit
        }
        if let text = arguments.value("max-token-lifetime", environment: "WEBCHAT_MAX_TOKEN_LIFETIME", in: environment) {
            guard let seconds = Int64(text), seconds > 0 else {
                throw UsageError("--max-token-lifetime must be a whole number of seconds, at least 1.")
            }
            maxTokenLifetime = seconds
        }
        if let text = arguments.value("max-attachment-bytes", environment: "WEBCHAT_MAX_ATTACHMENT_BYTES", in: environment) {
            guard let bytes = Int(text), bytes > 0 else { throw UsageError("--max-attachment-bytes must be a whole number of bytes, at least 1.") }
            maxAttachmentBytes = bytes
        }
        demo = arguments.givenFlags.contains("demo") || ["1", "true", "yes"].contains(environment["WEBCHAT_DEMO"]?.lowercased() ?? "")
        if let text = arguments.value("durability", environment: "WEBCHAT_DURABILITY", in: environment) {
            guard let durability = Durability(rawValue: text) else { throw UsageError("--durability must be normal or full.") }
            self.durability = durability
        }
    }

    /// A rate flag: a number of `unit`, 0 for no limit.
    private static func rate(_ arguments: Arguments, _ name: String, _ variable: String, _ environment: [String: String],
                             unit: String) throws(UsageError) -> Double? {
        guard let text = arguments.value(name, environment: variable, in: environment) else { return nil }
        guard let rate = Double(text), rate >= 0, rate.isFinite else { throw UsageError("--\(name) must be a number of \(unit), 0 for no limit.") }
        return rate
    }
}
