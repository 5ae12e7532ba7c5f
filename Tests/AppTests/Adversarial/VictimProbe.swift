import Glibc
import Clock
import JSON
import Synchronization
import TestSupport

/// A second website's agent measuring its own service while an attack runs: how long its
/// WebSocket welcome takes, how long `GET /chats` takes, and how long a message its visitor
/// sends takes to reach its live WebSocket. Issue 13: every one stays under 250 ms at p99
/// whatever another tenant or an anonymous visitor does.
///
/// It connects from 127.0.0.1; attackers connect from other loopback addresses, as they would
/// from other machines, so limits per address fall on them and not on the victim.
final class VictimProbe: Sendable {
    struct Report: CustomStringConvertible {
        var welcome: [Double] = []
        var list: [Double] = []
        var delivery: [Double] = []
        var failures: [String] = []

        var description: String {
            "welcome \(Self.summary(welcome)), GET /chats \(Self.summary(list)), delivery \(Self.summary(delivery))"
                + (failures.isEmpty ? "" : ", failures: \(failures.prefix(3))")
        }

        static func percentile(_ samples: [Double], _ fraction: Double) -> Double {
            guard !samples.isEmpty else { return .infinity }
            let sorted = samples.sorted()
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
        }

        private static func summary(_ samples: [Double]) -> String {
            let p50 = percentile(samples, 0.5)
            let p99 = percentile(samples, 0.99)
            return "n=\(samples.count) p50=\(Int(p50)) ms p99=\(Int(p99)) ms max=\(Int(samples.max() ?? 0)) ms"
        }
    }

    private let app: TestApp
    private let site: (id: String, secret: String)
    private let agent: TestApp.Caller
    private let visitor: TestApp.Caller
    private let chatID: String
    private let live: RealtimeClient

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    init(_ app: TestApp) throws {
        self.app = app
        site = try app.createWebsite("Victim")
        agent = app.caller(site, role: "agent", sub: "victim-agent")
        visitor = app.caller(site, role: "visitor", sub: "victim-visitor")
        chatID = try visitor.sendMessage("hello")["chat_id"]?.stringValue ?? ""
        live = try app.realtime(agent.token)
    }

    /// Measures round after round until `stop` is set, then returns every sample.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func measure(until stop: borrowing Atomic<Bool>) -> Report {
        var report = Report()
        var round = 0
        while !stop.load(ordering: .acquiring) {
            round += 1
            do {
                // A new agent of the website each round, as when a team opens their sidebars:
                // one principal's own reconnects are limited, which is not what is measured.
                let newcomer = app.caller(site, role: "agent", sub: "victim-agent-\(round)")
                report.welcome.append(try timed {
                    let client = try RealtimeClient(app)
                    try client.hello(newcomer.token)
                })
                report.list.append(try timed {
                    let response = try agent.call("GET", "/api/v1/chats?limit=20")
                    guard response.status == 200 else { throw RawClient.Failure(description: "GET /chats: \(response.status)") }
                })
                let text = "probe-\(round)"
                report.delivery.append(try timed {
                    try visitor.sendMessage(text, chat: chatID)
                    _ = try live.events { $0["type"]?.stringValue == "message.created" && $0["data"]?["text"]?.stringValue == text }
                })
            } catch {
                report.failures.append("\(error)")
            }
            // Five rounds a second: within what the server allows one address.
            sleepMilliseconds(200)
        }
        return report
    }

    private func timed(_ work: () throws -> Void) throws -> Double {
        let start = MonotonicClock.nanoseconds()
        try work()
        return Double(MonotonicClock.nanoseconds() - start) / 1e6
    }
}

func sleepMilliseconds(_ milliseconds: Int) {
    var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
    nanosleep(&request, nil)
}
