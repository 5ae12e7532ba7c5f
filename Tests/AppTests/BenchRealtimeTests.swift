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

    /// Two URLs (here the same server twice, as two nodes of a cluster would be): receivers are
    /// spread over them, the one sender is on the first, and the deliveries to receivers on the
    /// second are timed on their own.
    @Test func severalURLsSpreadTheReceiversAndTimeCrossNodeDeliveries() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let url = "http://127.0.0.1:\(app.port)"
            // `bench` gives the first --url; a second one adds the second server.
            let fanout = try Self.bench(app, site, ["--url", url, "--scenario", "fanout", "--receivers", "5", "--rate", "20",
                                                    "--duration", "2"])
            #expect(fanout.status == 0, "\(fanout.error)")
            #expect(fanout.report["clean"]?.boolValue == true)
            #expect(fanout.report["servers"] == 2)
            // Receivers 1 and 3 of 0...4 are on the second server: two of every message's five deliveries.
            #expect(fanout.report["cross_node_latency_ms"]?["count"] == 80)
            #expect(fanout.report["deliveries"]?["received"] == 200)
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
