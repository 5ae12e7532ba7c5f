import Glibc
import JSON
import Testing
import TestSupport

/// `webchat bench realtime` against a real server: every scenario runs clean, and the report
/// counts what the server delivered.
@Suite struct BenchRealtimeTests {
    static func bench(_ app: TestApp, _ site: (id: String, secret: String), _ arguments: [String]) throws -> (status: Int32, report: JSONValue, error: String) {
        let run = try ChildProcess.run(builtProduct("webchat"), ["bench", "realtime", "--url", "http://127.0.0.1:\(app.port)",
                                                                 "--website", site.id, "--json"] + arguments,
                                       environment: ["WEBCHAT_BENCH_SECRET": site.secret])
        let line = run.output.split(separator: "\n").last.map(String.init) ?? ""
        return (run.status, (try? JSONValue(parsing: line)) ?? .null, run.error)
    }

    /// Light loads: this is about the tool and the server agreeing, not about capacity, and it
    /// must hold in a sanitized build on a busy machine too (docs/BENCHMARKS.md has the loads).
    @Test func fanoutRoomsAndIdleRunCleanAgainstTheServer() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let fanout = try Self.bench(app, site, ["--scenario", "fanout", "--receivers", "5", "--rate", "20", "--duration", "2"])
            #expect(fanout.status == 0, "\(fanout.error)")
            #expect(fanout.report["clean"]?.boolValue == true)
            let rooms = try Self.bench(app, site, ["--scenario", "rooms", "--chats", "4", "--receivers", "3", "--senders", "4",
                                                   "--rate", "5", "--duration", "2"])
            #expect(rooms.status == 0, "\(rooms.error)")
            #expect(rooms.report["clean"]?.boolValue == true)
            let idle = try Self.bench(app, site, ["--scenario", "idle", "--connections", "50", "--duration", "1", "--pid", "\(getpid())"])
            #expect(idle.status == 0, "\(idle.error)")
            #expect(idle.report["server_rss_kb"]?["before"]?.intValue ?? 0 > 0)
            // The messages really were sent through the server and stored.
            let chats = try app.caller(site, role: "admin", sub: "boss").expect(200, "GET", "/api/v1/chats?limit=100")["chats"]?.arrayValue ?? []
            #expect(chats.reduce(0) { $0 + ($1["message_count"]?.intValue ?? 0) } >= 40 + 40)
        }
    }

    @Test func aBadScenarioIsAUsageError() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let run = try Self.bench(app, site, ["--scenario", "stampede"])
            #expect(run.status == 2)
            #expect(run.error.contains("fanout, rooms or idle"))
        }
    }
}
