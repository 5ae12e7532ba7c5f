import Auth
import Glibc
import JSON
import LoadGenerator
import Synchronization

/// `webchat bench realtime`: the realtime scenarios of docs/BENCHMARKS.md (those of the shared
/// wsbench, so the numbers compare) against a running server, set up through its public API:
/// chats created with an admin token, one `bot` token per connection (bots see every chat and,
/// unlike agents, announce no presence, which would add N² frames while N connect).
enum BenchRealtimeCommand {
    static let optionNames: Set<String> = ["url", "website", "secret", "scenario", "receivers", "senders", "rate", "chats",
                                           "connections", "duration", "threads", "payload", "pid"]

    static func run(_ arguments: Arguments, environment: [String: String]) async throws -> Int32 {
        let (addresses, websiteID, secret) = try BenchCommand.target(arguments, environment: environment, action: "realtime")
        let scenario = try scenario(arguments)
        var options = RealtimeLoadOptions()
        options.threads = try BenchCommand.integer(arguments, "threads", in: 1...64, default: 1)
        options.payloadBytes = try BenchCommand.integer(arguments, "payload", in: 0...8000, default: 64)
        let serverPID = try arguments.value("pid").map { text throws(UsageError) -> pid_t in
            guard let pid = pid_t(text), pid > 0 else { throw UsageError("--pid must be a process id.") }
            return pid
        }
        let (connections, chatCount) = scenario.shape
        printError("bench realtime: creating \(chatCount) chats and \(connections) tokens on \(addresses[0].authority)")
        let lifetime = Int64(scenario.seconds) + 3600
        let chats = try createChats(chatCount, on: addresses[0], token: token(websiteID, secret, sub: "bench-admin", role: "admin", lifetime: lifetime))
        let tokens = (0..<connections).map { token(websiteID, secret, sub: "bench-\(options.runTag)-\($0)", role: "bot", lifetime: lifetime) }
        let credentials: RealtimeCredentials
        let load: RealtimeLoad
        do {
            credentials = try RealtimeCredentials(tokens: tokens, chatIDs: chats)
            load = try RealtimeLoad(addresses: addresses, scenario: scenario, credentials: credentials, options: options)
        } catch {
            throw UsageError(error.description)
        }
        let memory = ServerMemory(pid: serverPID)
        printError("bench realtime: \(scenario.name), \(connections) connections")
        let report = try await load.run { phase in memory.record(phase) }
        let rss = memory.summary(connections: report.connectionsReady)
        var json = report.json.objectValue ?? [:]
        if let rss { json["server_rss_kb"] = rss.json }
        if arguments.givenFlags.contains("json") {
            printError(report.table + (rss.map { "\n" + $0.line } ?? ""))
            print(JSONValue.object(json).jsonText)
        } else {
            print(report.table + (rss.map { "\n" + $0.line } ?? ""))
        }
        guard report.isClean else {
            printError("webchat: the run was not clean (missing, duplicated or refused; see the report).")
            return 1
        }
        return 0
    }

    private static func scenario(_ arguments: Arguments) throws(UsageError) -> RealtimeScenario {
        let duration = try seconds(arguments, default: arguments.value("scenario") == "idle" ? 20 : 10)
        switch arguments.value("scenario") {
        case "fanout":
            return .fanout(receivers: try BenchCommand.integer(arguments, "receivers", in: 1...RealtimeLoad.maximumConnections, default: 200),
                           senders: try BenchCommand.integer(arguments, "senders", in: 1...10_000, default: 1),
                           messagesPerSecond: try rate(arguments, default: 2500), seconds: duration)
        case "rooms":
            return .rooms(chats: try BenchCommand.integer(arguments, "chats", in: 1...100_000, default: 100),
                          receiversPerChat: try BenchCommand.integer(arguments, "receivers", in: 1...10_000, default: 5),
                          senders: try BenchCommand.integer(arguments, "senders", in: 1...100_000, default: 100),
                          messagesPerSecondEach: try rate(arguments, default: 10), seconds: duration)
        case "idle":
            return .idle(connections: try BenchCommand.integer(arguments, "connections", in: 1...RealtimeLoad.maximumConnections, default: 10_000),
                         seconds: duration)
        default:
            throw UsageError("bench realtime needs --scenario fanout, rooms or idle.")
        }
    }

    private static func seconds(_ arguments: Arguments, default fallback: Double) throws(UsageError) -> Double {
        guard let text = arguments.value("duration") else { return fallback }
        guard let value = Double(text), value.isFinite, value > 0 else { throw UsageError("--duration must be a number of seconds.") }
        return value
    }

    private static func rate(_ arguments: Arguments, default fallback: Double) throws(UsageError) -> Double {
        guard let text = arguments.value("rate") else { return fallback }
        guard let value = Double(text), value.isFinite, value > 0 else { throw UsageError("--rate must be messages per second.") }
        return value
    }

    private static func token(_ websiteID: String, _ secret: String, sub: String, role: String, lifetime: Int64) -> String {
        let now = currentUnixTime()
        return TokenSigner.sign(claims: ["website": .string(websiteID), "sub": .string(sub), "role": .string(role),
                                         "iat": .int(Int(now)), "exp": .int(Int(now + lifetime))], secret: secret)
    }

    /// One chat per room, created through `POST /api/v1/chats` like any client would.
    private static func createChats(_ count: Int, on address: ServerAddress, token: String) throws -> [String] {
        let client = ClientConnection(address: address)
        let template = RequestTemplate(method: "POST", authority: address.authority,
                                       headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")])
        return try (0..<count).map { index in
            let body: JSONValue = ["title": .string("bench room \(index)"), "metadata": ["room": .int(index)]]
            let created = try client.exchange(template.request(target: "/api/v1/chats", body: body.encoded()))
            guard created.status == 201, let id = (try? JSONValue(parsing: created.body))?["id"]?.stringValue else {
                throw StartupError("Creating bench chat \(index) answered \(created.status): \(created.text)")
            }
            return id
        }
    }
}

/// The server's resident memory around a run (`--pid`): before anyone connects, once everyone
/// is connected, and at the end of an idle hold — the growth per connection is what the idle
/// benchmark reports.
private final class ServerMemory: Sendable {
    private let pid: pid_t?
    private let readings: Mutex<(before: Int?, connected: Int?, held: Int?)>

    init(pid: pid_t?) {
        self.pid = pid
        readings = Mutex((pid.flatMap(Self.residentKilobytes), nil, nil))
    }

    func record(_ phase: RealtimePhase) {
        guard let pid else { return }
        let now = Self.residentKilobytes(of: pid)
        readings.withLock { readings in
            switch phase {
            case .connected: readings.connected = now
            case .holdEnded: readings.held = now
            }
        }
    }

    struct Summary {
        let before: Int
        let after: Int
        let connections: Int

        /// Growth per connection in hundredths of a kilobyte, rounded down.
        var hundredthsPerConnection: Int { connections > 0 ? (after - before) * 100 / connections : 0 }

        var json: JSONValue {
            ["before": .int(before), "after": .int(after), "per_connection": .double(Double(hundredthsPerConnection) / 100)]
        }

        var line: String {
            let perConnection = hundredthsPerConnection
            let fraction = perConnection % 100 < 10 ? "0\(perConnection % 100)" : "\(perConnection % 100)"
            return "server RSS    \(before) KB before connecting, \(after) KB with \(connections) connected: "
                + "\(perConnection / 100).\(fraction) KB per connection"
        }
    }

    func summary(connections: Int) -> Summary? {
        readings.withLock { readings in
            guard let before = readings.before, let after = readings.held ?? readings.connected else { return nil }
            return Summary(before: before, after: after, connections: connections)
        }
    }

    /// VmRSS of `pid` from /proc, in kilobytes.
    static func residentKilobytes(of pid: pid_t) -> Int? {
        let fd = open("/proc/\(pid)/status", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return Int(line.filter(\.isNumber))
    }
}

extension RealtimeScenario {
    /// Connections and chats the scenario needs.
    var shape: (connections: Int, chats: Int) {
        switch self {
        case .fanout(let receivers, let senders, _, _): (receivers + senders, 1)
        case .rooms(let chats, let receiversPerChat, let senders, _, _): (chats * receiversPerChat + senders, chats)
        case .idle(let connections, _): (connections, 1)
        }
    }

    var seconds: Double {
        switch self {
        case .fanout(_, _, _, let seconds), .rooms(_, _, _, _, let seconds), .idle(_, let seconds): seconds
        }
    }
}
