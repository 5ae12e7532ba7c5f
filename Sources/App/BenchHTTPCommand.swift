import Auth
import Glibc
import JSON
import LoadGenerator

/// `webchat bench http`: runs one scenario of the load generator against a running server, with
/// tokens it mints itself from the website's secret.
enum BenchHTTPCommand {
    static let optionNames: Set<String> = ["url", "website", "secret", "scenario", "connections", "duration", "warmup", "projects"]

    static func run(_ arguments: Arguments, environment: [String: String]) async throws -> Int32 {
        let (addresses, websiteID, secret) = try BenchCommand.target(arguments, environment: environment, action: "http")
        guard let scenarioName = arguments.value("scenario") else { throw UsageError("bench http needs --scenario list, range, search or send.") }
        let connections = try BenchCommand.integer(arguments, "connections", in: 1...LoadRun.maxConnections, default: 64)
        let projects = try BenchCommand.integer(arguments, "projects", in: 1...1_000_000_000, default: BenchDataSet.defaultProjects)
        let duration = try seconds(arguments, "duration", default: 10)
        let warmup = try seconds(arguments, "warmup", default: 2)
        let run: LoadRun
        do {
            run = try LoadRun(addresses: addresses, connections: connections, warmupSeconds: warmup, durationSeconds: duration)
        } catch {
            throw UsageError(error.description)
        }
        let minter = TokenMinter(websiteID: websiteID, secret: secret, lifetime: 3600 + Int64(warmup + duration))
        let report: LoadReport
        switch scenarioName {
        case "list":
            report = try await announceAndRun(run, ChatQueryScenario.list(projects: projects, token: minter.agentToken(sub: "bench-reader")))
        case "range":
            report = try await announceAndRun(run, ChatQueryScenario.range(token: minter.agentToken(sub: "bench-reader")))
        case "search":
            report = try await announceAndRun(run, ChatQueryScenario.search(token: minter.agentToken(sub: "bench-reader")))
        case "send":
            // One principal per connection and per run, so that neither the per-principal write
            // limit nor an earlier run's client_ids touch this one.
            let runTag = "r" + String(currentUnixTime(), radix: 36) + String(getpid(), radix: 36)
            report = try await announceAndRun(run, MessageSendScenario(runTag: runTag) { minter.agentToken(sub: "bench-\(runTag)-\($0)") })
        default:
            throw UsageError("Unknown scenario \(scenarioName): use list, range, search or send.")
        }
        if arguments.givenFlags.contains("json") {
            printError(report.table)
            print(report.json.jsonText)
        } else {
            print(report.table)
        }
        guard report.isClean else {
            let limited = report.statuses[429] != nil ? " The server limits writes per principal: start it with --write-rate 0." : ""
            printError("webchat: not every exchange was answered \(report.successStatus).\(limited)")
            return 1
        }
        return 0
    }

    private static func announceAndRun(_ run: LoadRun, _ scenario: some Scenario) async throws -> LoadReport {
        printError("bench http: \(scenario.name) on \(run.addresses.map(\.authority).joined(separator: ", ")), \(run.summary)")
        return try await run.run(scenario)
    }

    private static func seconds(_ arguments: Arguments, _ name: String, default fallback: Double) throws(UsageError) -> Double {
        guard let text = arguments.value(name) else { return fallback }
        guard let value = Double(text), value.isFinite, value >= 0 else { throw UsageError("--\(name) must be a number of seconds.") }
        return value
    }
}

/// Agent tokens for one website, as the website's backend would mint them.
private struct TokenMinter: Sendable {
    let websiteID: String
    let secret: String
    let lifetime: Int64

    func agentToken(sub: String) -> String {
        let now = currentUnixTime()
        let claims: JSONObject = ["website": .string(websiteID), "sub": .string(sub), "role": "agent",
                                  "iat": .int(Int(now)), "exp": .int(Int(now + lifetime))]
        return TokenSigner.sign(claims: claims, secret: secret)
    }
}
