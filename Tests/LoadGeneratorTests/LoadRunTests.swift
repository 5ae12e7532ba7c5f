import JSON
@testable import LoadGenerator
import Testing
import TestSupport

@Suite("Load run")
struct LoadRunTests {
    /// A port nothing listens on: a listener that came and went.
    func deadAddress() throws -> ServerAddress {
        let server = try ScriptedServer([])
        server.finish()
        return try ServerAddress(host: "127.0.0.1", port: server.port)
    }

    @Test func refusesSettingsItCannotRun() throws {
        let address = try ServerAddress(host: "127.0.0.1", port: 9)
        for (connections, warmup, duration) in [(0, 1.0, 1.0), (LoadRun.maxConnections + 1, 1, 1), (1, -1, 1), (1, .nan, 1),
                                                (1, 0, 0), (1, 0, .infinity), (1, 0, 100_000)] {
            #expect(throws: LoadRunError.self) {
                try LoadRun(address: address, connections: connections, warmupSeconds: warmup, durationSeconds: duration)
            }
        }
    }

    @Test func failedExchangesAreCountedNotThrown() async throws {
        let run = try LoadRun(address: try deadAddress(), connections: 2, warmupSeconds: 0, durationSeconds: 0.2)
        let report = try await run.run(ChatQueryScenario.list(projects: 10, token: "t"))
        #expect(report.responses == 0)
        #expect((report.errors["connect"] ?? 0) > 0)
        #expect(report.errors.keys.sorted() == ["connect"])
        #expect(!report.isClean)
    }

    @Test func aFailedSetupStopsTheRunBeforeMeasuring() async throws {
        let run = try LoadRun(address: try deadAddress(), connections: 3, warmupSeconds: 0, durationSeconds: 3600)
        await #expect {
            _ = try await run.run(MessageSendScenario(runTag: "t") { _ in "token" })
        } throws: { error in
            guard case .setupFailed(let connection, let reason)? = error as? LoadRunError else { return false }
            return connection == 0 && reason.contains("connect failed")
        }
    }

    @Test func theReportReadsForPeopleAndScripts() throws {
        var tally = ConnectionTally()
        for milliseconds in 1...1000 { tally.record(status: 201, nanoseconds: UInt64(milliseconds) * 1_000_000) }
        tally.record(status: 429, nanoseconds: 500_000)
        tally.record(.timeout)
        let run = try LoadRun(address: try ServerAddress(host: "127.0.0.1", port: 9), connections: 64, warmupSeconds: 2, durationSeconds: 10)
        let report = LoadReport(run: run, scenario: MessageSendScenario(runTag: "t") { _ in "" }, tally: tally)
        #expect(report.responses == 1001)
        #expect(report.successes == 1000)
        #expect(!report.isClean)
        let percentiles = [50, 90, 99, 99.9].map { LoadReport.milliseconds(report.latency.value(atPercentile: $0)) }
        #expect(report.table == """
            scenario      send, 64 connections, 10 s measured after 2 s warm-up
            responses     1,001, 100/s
              201         1,000, 100/s (acknowledged)
              429         1, 0/s
            errors        timeout 1
            latency (ms)  p50 \(percentiles[0])  p90 \(percentiles[1])  p99 \(percentiles[2])  p99.9 \(percentiles[3])  max 1000.000
            """)
        #expect(percentiles[0].hasPrefix("50"), "500 ms within 0.4%")
        let json = report.json
        #expect(json["statuses"] == ["201": 1000, "429": 1])
        #expect(json["errors"] == ["timeout": 1])
        #expect(json["successes_per_second"] == 100.0)
        let p999 = try #require(json["latency_ms"]?["p99_9"]?.doubleValue)
        #expect(abs(p999 - 999) <= 999 * LatencyHistogram.relativeError)
        #expect(json["latency_ms"]?["max"] == 1000.0)
    }
}

/// Several servers, the nodes of one cluster: the clients are spread over them.
@Suite("Load run over several servers")
struct LoadRunSpreadTests {
    @Test func connectionsAreSpreadRoundRobinOverTheServers() async throws {
        // Enough answers for the run's tenth of a second: a script that ran out would close the
        // connection and its next request would wait for an accept that never comes.
        let script = [ScriptedServer.Reply](repeating: .init("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), count: 50_000)
        let servers = [try ScriptedServer(script), try ScriptedServer(script)]
        let addresses = try servers.map { try ServerAddress(host: "127.0.0.1", port: $0.port) }
        let run = try LoadRun(addresses: addresses, connections: 4, warmupSeconds: 0, durationSeconds: 0.1)
        #expect(run.summary == "4 connections over 2 servers, 0.1 s measured after 0 s warm-up")
        #expect((0..<4).map { run.address(ofConnection: $0).port } == [servers[0].port, servers[1].port, servers[0].port, servers[1].port])
        let report = try await run.run(ChatQueryScenario.list(projects: 10, token: "t"))
        #expect(report.successes > 0)
        try await onThread { servers.forEach { $0.finish() } }
        for server in servers {
            let requests = server.requests
            #expect(!requests.isEmpty, "every server is loaded")
            #expect(requests.allSatisfy { $0.contains("\r\nHost: 127.0.0.1:\(server.port)\r\n") }, "each request names its own server")
        }
        #expect(throws: LoadRunError.self) { try LoadRun(addresses: [], connections: 1, warmupSeconds: 0, durationSeconds: 1) }
    }
}
