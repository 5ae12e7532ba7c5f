import App
import Auth
import Glibc
import JSON
import Realtime
import Synchronization
import Testing
import TestSupport

/// Issue 13, point 12: each attack of the security review against a real server, while another
/// website's agent measures its own welcome, `GET /chats` and live delivery. The bound is the
/// issue's: p99 under 250 ms for each (a quiet server answers in a few milliseconds). The
/// server runs with its real default limits; docs/SECURITY.md lists every attack and its test.
///
/// Run apart from the rest of the suite (Tests/run.sh), so that the latencies measured are
/// what an attack does, not what the browser tests running beside it do.
@Suite(.serialized) struct AttackTests {
    static let bound = 250.0

    /// The probe's samples must all be there, without errors, under the bound.
    static func expectUnharmed(_ report: VictimProbe.Report, _ attack: String, sourceLocation: SourceLocation = #_sourceLocation) {
        print("\(attack): \(report)")
        #expect(report.failures.isEmpty, "\(attack): \(report)", sourceLocation: sourceLocation)
        for (name, samples) in [("welcome", report.welcome), ("GET /chats", report.list), ("delivery", report.delivery)] {
            #expect(samples.count >= 10, "\(attack): too few \(name) samples: \(report)", sourceLocation: sourceLocation)
            #expect(VictimProbe.Report.percentile(samples, 0.99) < bound, "\(attack): \(name) p99 over \(Int(bound)) ms: \(report)",
                    sourceLocation: sourceLocation)
        }
    }

    /// A website with a long event log: `chats` chats of `perChat` messages, sent by a bot.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    static func busyWebsite(_ app: TestApp, chats: Int = 8, perChat: Int = 2_000) throws -> (id: String, secret: String, oldest: String) {
        let site = try app.createWebsite("Busy")
        let oldest = try app.caller(site, role: "admin", sub: "owner").poll(cursor: nil).cursor
        try onThreads(chats) { index in
            let visitor = app.caller(site, role: "visitor", sub: "seed-\(index)")
            let chatID = try visitor.sendMessage("start")["chat_id"]?.stringValue ?? ""
            for number in 1..<perChat { try visitor.sendMessage("m\(number)", chat: chatID) }
        }
        return (site.id, site.secret, oldest)
    }

    /// Point 2: anonymous visitors of one website say hello with the oldest cursor over and
    /// over, closing at once — each hello asked the hub to walk the website's whole log.
    @Test func helloFloodsWithTheOldestCursor() async throws {
        try await withApp(rateLimits: .unlimited, realtimeRateLimits: RealtimeRateLimits()) { app in
            let busy = try Self.busyWebsite(app)
            let probe = try VictimProbe(app)
            let hellos = Atomic<Int>(0)
            let report = try Attack(threads: 8) { index, source, running in
                var round = 0
                while running() {
                    round += 1
                    let token = TestApp.token(website: busy.id, secret: busy.secret, role: "visitor", sub: "attacker-\(index)-\(round % 50)")
                    guard let client = try? RealtimeClient(app, source: source) else {
                        sleepMilliseconds(1)
                        continue
                    }
                    try client.send(#"{"type":"hello","token":"\#(token)","cursor":"\#(busy.oldest)"}"#)
                    hellos.add(1, ordering: .relaxed)
                    if round % 2 == 0 { _ = try? client.next() }
                }
            }.run(against: probe)
            #expect(hellos.load(ordering: .relaxed) > 100)
            Self.expectUnharmed(report, "hello floods")
        }
    }

    /// Point 2: visitors poll with the oldest cursor as fast as they can: each poll held one of
    /// the two readers for seconds.
    @Test func pollFloodsWithTheOldestCursor() async throws {
        try await withApp(rateLimits: .unlimited, realtimeRateLimits: RealtimeRateLimits()) { app in
            let busy = try Self.busyWebsite(app)
            let probe = try VictimProbe(app)
            let polls = Atomic<Int>(0)
            let report = try Attack(threads: 8) { index, source, running in
                var attacker = app.caller((busy.id, busy.secret), role: "visitor", sub: "poller-\(index)")
                attacker.source = source
                while running() {
                    _ = try attacker.call("GET", "/api/v1/events?cursor=\(busy.oldest)")
                    polls.add(1, ordering: .relaxed)
                }
            }.run(against: probe)
            #expect(polls.load(ordering: .relaxed) > 20)
            Self.expectUnharmed(report, "poll floods")
        }
    }

    /// Point 3: visitors send `typing` frames as fast as their sockets take them.
    @Test func typingFloods() async throws {
        try await withApp(rateLimits: .unlimited, realtimeRateLimits: RealtimeRateLimits()) { app in
            let site = try app.createWebsite("Typists")
            let probe = try VictimProbe(app)
            let sent = Atomic<Int>(0)
            let report = try Attack(threads: 2) { index, source, running in
                let visitor = app.caller(site, role: "visitor", sub: "typist-\(index)")
                let chatID = try visitor.sendMessage("hi")["chat_id"]?.stringValue ?? ""
                let frame = #"{"type":"typing","chat_id":"\#(chatID)","state":"start"}"#
                while running() {
                    guard let client = try? RealtimeClient(app, source: source), (try? client.hello(visitor.token)) != nil else {
                        sleepMilliseconds(1)
                        continue
                    }
                    // Never reads: the error answers pile up until the server drops this reader.
                    while running(), (try? client.send(frame)) != nil { sent.add(1, ordering: .relaxed) }
                }
            }.run(against: probe)
            #expect(sent.load(ordering: .relaxed) > 10_000)
            Self.expectUnharmed(report, "typing floods")
        }
    }

    /// Point 1: tokens at the ends of Int64 (PHP_INT_MAX as "never expires"), over REST and the
    /// WebSocket — one such hello killed the process at its first tick.
    @Test func extremeTokenTimes() async throws {
        try await withApp(rateLimits: .unlimited, realtimeRateLimits: RealtimeRateLimits()) { app in
            let site = try app.createWebsite("Forever")
            let probe = try VictimProbe(app)
            let extremes: [JSONObject] = [["exp": .int(Int.max)], ["exp": .int(Int.max), "iat": .int(Int.max)],
                                          ["exp": .int(Int.max), "nbf": .int(Int.min)], ["exp": .int(Int.max), "iat": .int(Int.min)]]
            let report = try Attack(threads: 4, milliseconds: 4_000) { index, source, running in
                var claims: JSONObject = ["website": .string(site.id), "sub": .string("forever-\(index)"), "role": "visitor"]
                for (key, value) in extremes[index % extremes.count] { claims[key] = value }
                let caller = TestApp.Caller(app: app, token: TokenSigner.sign(claims: claims, secret: site.secret), source: source)
                var sockets: [RealtimeClient] = []
                while running() {
                    _ = try caller.call("GET", "/api/v1/chats")
                    if sockets.count < 5, let client = try? RealtimeClient(app, source: source) {
                        try client.send(#"{"type":"hello","token":"\#(caller.token)"}"#)
                        sockets.append(client)
                    }
                    sleepMilliseconds(50)
                }
            }.run(against: probe)
            // The sockets lived through several of the server's once-a-second ticks.
            #expect(try app.request("GET", "/healthz").status == 200)
            Self.expectUnharmed(report, "extreme token times")
        }
    }

    /// Points 5 and 6: text of one letter with hundreds of thousands of combining marks, and
    /// metadata made of 16 KiB of array elements — each became megabytes in every agent's list,
    /// or 8,000 index rows (47 ms of the writer) per chat. Both are refused now; the attack
    /// keeps sending what is still accepted at the limits.
    @Test func hostileTextAndMetadata() async throws {
        try await withApp(rateLimits: .unlimited, realtimeRateLimits: RealtimeRateLimits()) { app in
            let site = try app.createWebsite("Hostile")
            let probe = try VictimProbe(app)
            let marks = "a" + String(repeating: "\u{0301}", count: 450_000)
            let hugeArray = "[" + Array(repeating: "1", count: 8_000).joined(separator: ",") + "]"
            let widest = "{" + (0..<256).map { #""k\#($0)":\#($0)"# }.joined(separator: ",") + "}"
            let refusals = Atomic<Int>(0)
            let report = try Attack(threads: 4) { index, source, running in
                var attacker = app.caller(site, role: "agent", sub: "hostile-\(index)")
                attacker.source = source
                while running() {
                    let title = try attacker.call("POST", "/api/v1/chats", json: #"{"title":"\#(marks)"}"#)
                    let array = try attacker.call("POST", "/api/v1/chats", json: #"{"metadata":{"tags":\#(hugeArray)}}"#)
                    if title.status == 400, array.status == 400 { refusals.add(1, ordering: .relaxed) }
                    _ = try attacker.expect(201, "POST", "/api/v1/chats", json: #"{"title":"\#(String(repeating: "\u{0301}", count: 199))","metadata":\#(widest)}"#)
                }
            }.run(against: probe)
            #expect(refusals.load(ordering: .relaxed) > 0)
            Self.expectUnharmed(report, "hostile text and metadata")
        }
    }

    /// Point 6: hundreds of connections each holding an unfinished 1 MiB body (286 MiB before the
    /// budget); past the budget they are answered 503, while the victim's small bodies are still
    /// taken. All attackers share one address, so that its share fills within the attack.
    @Test func unfinishedBodies() async throws {
        try await withApp(rateLimits: .unlimited, realtimeRateLimits: RealtimeRateLimits()) { app in
            let probe = try VictimProbe(app)
            let refused = Atomic<Int>(0)
            let report = try Attack(threads: 8) { _, _, running in
                var held: [RawClient] = []
                while running() {
                    guard held.count < 40, let client = try? RawClient(port: app.port, source: "127.0.0.2", receiveTimeoutSeconds: 1) else {
                        sleepMilliseconds(20)
                        continue
                    }
                    try client.send("POST /api/v1/chats HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: \(1 << 20)\r\n\r\n")
                    // Refused while sending, or answered within a second: a 503; else it is held.
                    _ = try? client.send([UInt8](repeating: 0x20, count: 900_000))
                    if let answer = try? client.readResponse(), answer.status == 503 {
                        refused.add(1, ordering: .relaxed)
                    } else {
                        held.append(client)
                    }
                }
            }.run(against: probe)
            #expect(refused.load(ordering: .relaxed) > 0, "the body budget answered some with 503")
            Self.expectUnharmed(report, "unfinished bodies")
        }
    }
}
