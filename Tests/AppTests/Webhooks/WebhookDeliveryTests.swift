import Auth
import Glibc
import JSON
import Testing
import TestSupport

/// Webhook delivery (contract §9): every persisted event of the website, notes too, POSTed in log
/// order to a real receiver, signed as Standard Webhooks says; retried on failure with the same
/// id; turned off by 410; and a receiver that never answers delays only its own webhook.
@Suite struct WebhookDeliveryTests {
    @Test func everyEventArrivesInOrderSignedAndAsRealtimeHasIt() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        try await withApp(configure: { $0.useTestWebhooks() }) { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            let visitor = app.caller(site, role: "visitor", sub: "v-1")
            let agent = app.caller(site, role: "agent", sub: "a-1")
            let start = try admin.poll(cursor: nil).cursor
            let webhook = try admin.createWebhook("http://127.0.0.1:\(receiver.port)/hooks?source=chat")
            let chatID = try #require(visitor.sendMessage("hello")["chat_id"]?.stringValue)
            _ = try agent.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"staff only","type":"note"}"#)
            for number in 0..<20 { try (number % 2 == 0 ? visitor : agent).sendMessage("m\(number)", chat: chatID) }
            _ = try agent.expect(200, "PATCH", "/api/v1/chats/\(chatID)", json: #"{"status":"closed"}"#)

            // A poll shows the events the server's hub has read; the receiver may be ahead of it.
            var events: [JSONValue] = []
            try eventually("the receiver and the log agree on the last event") {
                events = try admin.allEvents(after: start)
                return events.count >= 24 && events.last?["id"]?.stringValue == receiver.deliveries.last?.id
            }
            let deliveries = receiver.deliveries
            #expect(deliveries.count == events.count, "no event twice when every answer was 200")
            for (event, delivery) in zip(events, deliveries) {
                guard case .object(var expected) = event else { continue }
                expected["website_id"] = .string(site.id)
                #expect(try JSONValue(parsing: delivery.body) == .object(expected), "the event as realtime has it, with website_id")
                #expect(delivery.id == event["id"]?.stringValue)
                #expect(delivery.isSigned(with: webhook.secret))
                #expect(delivery.headers[":request-line"] == "POST /hooks?source=chat HTTP/1.1")
                #expect(delivery.headers["content-type"] == "application/json")
                let timestamp = Int64(delivery.headers["webhook-timestamp"] ?? "") ?? 0
                #expect(abs(timestamp - Int64(time(nil))) < 300)
            }
            #expect(deliveries.contains { $0.text.contains(#""type":"note""#) }, "notes go to webhooks")
            #expect(!deliveries.contains { $0.text.contains(#""type":"typing""#) })
            #expect(!deliveries.first!.isSigned(with: "whsec_" + StandardBase64.encode([UInt8](repeating: 7, count: 32))))
            try Self.expectPythonAgrees(deliveries[0], secret: webhook.secret)

            try eventually("the delivery log has every attempt") {
                (try admin.expect(200, "GET", "/api/v1/webhooks/\(webhook.id)/deliveries")["deliveries"]?.arrayValue?.count ?? 0) >= events.count
            }
            let log = try admin.expect(200, "GET", "/api/v1/webhooks/\(webhook.id)/deliveries")["deliveries"]?.arrayValue ?? []
            #expect(log.first?["event_id"]?.stringValue == deliveries.last?.id, "newest first")
            #expect(log.allSatisfy { $0["status"]?.intValue == 200 && $0["attempt"]?.intValue == 1 && $0["next_attempt_at"] == nil })
        }
    }

    @Test func aFailedEventIsRetriedWithTheSameIdBeforeAnyLaterOneAndGoneTurnsTheWebhookOff() async throws {
        let receiver = try WebhookReceiver { delivery, index in index < 2 ? 500 : 200 }
        defer { receiver.stop() }
        try await withApp(configure: { $0.useTestWebhooks() }) { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            let visitor = app.caller(site, role: "visitor", sub: "v-1")
            let webhook = try admin.createWebhook("http://127.0.0.1:\(receiver.port)/", events: #"["message.created"]"#)
            let chatID = try #require(visitor.sendMessage("first")["chat_id"]?.stringValue)
            try visitor.sendMessage("second", chat: chatID)
            try eventually("both events arrive") { Set(receiver.deliveries.map(\.id)).count == 2 && receiver.deliveries.count == 4 }
            let ids = receiver.deliveries.map(\.id)
            #expect(ids[0] == ids[1] && ids[1] == ids[2], "the first event three times (500, 500, 200), then the second")
            #expect(ids[3] != ids[0])
            #expect(receiver.deliveries.allSatisfy { $0.isSigned(with: webhook.secret) }, "each retry signed anew")
            try eventually("the log has the four attempts") {
                (try admin.expect(200, "GET", "/api/v1/webhooks/\(webhook.id)/deliveries")["deliveries"]?.arrayValue?.count ?? 0) == 4
            }
            let log = Array((try admin.expect(200, "GET", "/api/v1/webhooks/\(webhook.id)/deliveries")["deliveries"]?.arrayValue ?? []).reversed())
            #expect(log.map { $0["attempt"]?.intValue ?? 0 } == [1, 2, 3, 1])
            #expect(log.map { $0["status"]?.intValue ?? 0 } == [500, 500, 200, 200])
            #expect(log[0]["next_attempt_at"]?.stringValue != nil && log[1]["next_attempt_at"]?.stringValue != nil)
            #expect(log[2]["next_attempt_at"] == nil)

            // 410 Gone: the webhook is turned off, its reader held at that event.
            receiver.setAnswer { _, _ in 410 }
            try visitor.sendMessage("third", chat: chatID)
            try eventually("the webhook is off") {
                try admin.expect(200, "GET", "/api/v1/webhooks/\(webhook.id)")["active"] == false
            }
            let goneID = receiver.deliveries.last?.id
            #expect(receiver.deliveries.count == 5)
            // Turned on again, it resumes with the event that was answered 410.
            receiver.setAnswer { _, _ in 200 }
            try visitor.sendMessage("fourth", chat: chatID)
            _ = try admin.expect(200, "PATCH", "/api/v1/webhooks/\(webhook.id)", json: #"{"active":true}"#)
            try eventually("the held event and the next arrive") { receiver.deliveries.count == 7 }
            #expect(receiver.deliveries[5].id == goneID)
            #expect(receiver.deliveries[6].text.contains("fourth"))
        }
    }

    @Test func aReceiverThatNeverAnswersDelaysOnlyItsOwnWebhook() async throws {
        let live = try WebhookReceiver()
        defer { live.stop() }
        let dead = try DeadListener()
        defer { dead.close() }
        try await withApp(configure: { $0.useTestWebhooks(retries: [60_000], timeoutMilliseconds: 1_000) }) { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            let visitor = app.caller(site, role: "visitor", sub: "v-1")
            let stuck = try admin.createWebhook("http://127.0.0.1:\(dead.port)/", events: #"["message.created"]"#)
            _ = try admin.createWebhook("http://127.0.0.1:\(live.port)/", events: #"["message.created"]"#)
            let chatID = try #require(visitor.sendMessage("m0")["chat_id"]?.stringValue)
            for number in 1..<10 { try visitor.sendMessage("m\(number)", chat: chatID) }
            try eventually("the live receiver has all ten") { live.deliveries.count == 10 }
            let texts = try live.deliveries.map { try JSONValue(parsing: $0.body)["data"]?["text"]?.stringValue ?? "" }
            #expect(texts == (0..<10).map { "m\($0)" })
            try eventually("the stuck webhook's attempt timed out") {
                let log = try admin.expect(200, "GET", "/api/v1/webhooks/\(stuck.id)/deliveries")["deliveries"]?.arrayValue ?? []
                return log.first?["error"]?.stringValue?.contains("time limit") == true
            }
        }
    }

    /// The same signature computed by Python's standard library, a second implementation.
    static func expectPythonAgrees(_ delivery: WebhookReceiver.Delivery, secret: String) throws {
        let folder = try TemporaryDirectory("webhook-python")
        defer { folder.remove() }
        let bodyFile = try folder.write("body", delivery.body)
        let script = """
            import base64, hashlib, hmac, sys
            key = base64.b64decode(sys.argv[1].removeprefix("whsec_"))
            body = open(sys.argv[4], "rb").read()
            signed = sys.argv[2].encode() + b"." + sys.argv[3].encode() + b"." + body
            print("v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode())
            """
        let result = try ChildProcess.run("/usr/bin/env", ["python3", "-c", script, secret, delivery.id,
                                                           delivery.headers["webhook-timestamp"] ?? "", bodyFile])
        #expect(result.output.split(separator: "\n").first.map(String.init) == delivery.headers["webhook-signature"], "\(result.error)")
    }
}

/// A port that accepts connections into its backlog and never reads them: a receiver that
/// never answers.
final class DeadListener: Sendable {
    let port: Int
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 16) == 0
                && getsockname(fd, $0, &length) == 0 }
        }
        guard ready else { throw RawClient.Failure(description: "cannot listen: errno \(errno)") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(fd) }
}
