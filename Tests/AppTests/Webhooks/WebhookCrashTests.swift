import Glibc
import JSON
import Synchronization
import Testing
import TestSupport

/// Issue 17: webhook deliveries survive `kill -9`. A receiver takes a stream of events, the server
/// is killed with SIGKILL in the middle and restarted on the same data: the receiver ends with
/// every event, in log order, and the only repeats are the few sent just before the kill whose
/// acknowledgement had not been written: at most the attempts of one write in flight and those
/// gathered behind it (`WebhookDispatcher.maxUnrecorded`, 8, each) and the event in flight, 17.
@Suite struct WebhookCrashTests {
    static let operatorKey = "webhook-crash-operator-key-0123456789"
    static let maxRepeats = 2 * 8 + 1

    static func serve(_ data: String) throws -> (process: ChildProcess, port: Int) {
        let process = try ChildProcess(builtProduct("webchat"), ["serve", "--port", "0", "--data-dir", data, "--write-rate", "0",
                                                                 "--log-level", "warning", "--public-dir", repositoryPublicDirectory,
                                                                 "--webhook-allow-http", "--webhook-allow-private"],
                                       environment: ["WEBCHAT_OPERATOR_KEY": operatorKey])
        guard let port = process.waitForListeningPort() else {
            throw RawClient.Failure(description: "the server did not start: \(process.standardError)")
        }
        return (process, port)
    }

    @Test func everyEventArrivesInOrderAcrossSIGKILL() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        try await onThread {
            let data = try TemporaryDirectory("webchat-webhook-crash")
            defer { data.remove() }
            let (first, firstPort) = try Self.serve(data.path)
            let created = try httpRequest(port: firstPort, "POST", "/api/v1/websites",
                                          headers: [("Authorization", "Bearer \(Self.operatorKey)"), ("Content-Type", "application/json")],
                                          body: #"{"name":"Crash"}"#)
            let website = try JSONValue(parsing: created.body)
            let site = (id: website["id"]?.stringValue ?? "", secret: website["secret"]?.stringValue ?? "")
            let admin = TestApp.Caller(port: firstPort, token: TestApp.token(website: site.id, secret: site.secret, role: "admin", sub: "boss"))
            let start = try admin.poll(cursor: nil).cursor
            let hook = try admin.createWebhook("http://127.0.0.1:\(receiver.port)/", events: #"["message.created"]"#)
            let visitorToken = TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v-1")
            let visitor = TestApp.Caller(port: firstPort, token: visitorToken)
            let chatID = try #require(visitor.sendMessage("m-first")["chat_id"]?.stringValue)

            // Messages go in until the server is gone; it is killed once deliveries are flowing.
            let killed = Atomic<Bool>(false)
            try onThreads(2) { index in
                if index == 1 {
                    while receiver.deliveries.count < 40 { usleep(2000) }
                    first.signal(SIGKILL)
                    killed.store(true, ordering: .releasing)
                    return
                }
                for number in 0..<2000 {
                    guard !killed.load(ordering: .acquiring),
                          (try? visitor.call("POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"a\#(number)"}"#))?.status == 201
                    else { return }
                }
            }
            let wasKilled = killed.load(ordering: .acquiring)
            #expect(wasKilled, "the server was killed mid-stream")
            _ = first.wait()
            let sentBeforeKill = receiver.deliveries.count

            let (second, port) = try Self.serve(data.path)
            defer {
                second.signal(SIGTERM)
                _ = second.wait()
            }
            let after = TestApp.Caller(port: port, token: visitorToken)
            for number in 0..<10 { try after.sendMessage("b\(number)", chat: chatID) }
            // A poll shows the events the server's hub has read; the receiver may be ahead of it.
            let restartedAdmin = TestApp.Caller(port: port, token: admin.token)
            var logged: [String] = []
            try eventually("the receiver has every event", timeoutSeconds: 120) {
                let events = try restartedAdmin.allEvents(after: start).filter { $0["type"]?.stringValue == "message.created" }
                logged = events.compactMap { $0["id"]?.stringValue }
                return events.last?["data"]?["text"]?.stringValue == "b9" && logged.last == receiver.deliveries.last?.id
                    && Set(receiver.deliveries.map(\.id)).count == logged.count
            }

            let received = receiver.deliveries
            #expect(received.allSatisfy { $0.isSigned(with: hook.secret) })
            let positions = received.map { logged.firstIndex(of: $0.id) ?? -1 }
            #expect(!positions.contains(-1), "only events of the log arrive")
            #expect(positions.first == 0)
            // In order: each event follows the one before it, but for one step back after the
            // restart, to re-send the last few events whose acknowledgement was not yet written.
            var stepsBack = 0
            for (previous, next) in zip(positions, positions.dropFirst()) where next != previous + 1 {
                stepsBack += 1
                #expect(next <= previous && previous - next < Self.maxRepeats, "a jump from \(previous) to \(next)")
            }
            #expect(stepsBack <= 1)
            #expect(positions.last == logged.count - 1)
            #expect(received.count - logged.count <= Self.maxRepeats, "repeats are only the last unrecorded events")
            #expect(sentBeforeKill >= 40 && sentBeforeKill < logged.count, "the kill came mid-stream")
        }
    }
}
