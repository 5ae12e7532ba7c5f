import App
import JSON
import PostgresTestSupport
import Testing
import TestSupport

/// Two nodes on one PostgreSQL database (contract §12): one node at a time delivers a webhook
/// (the lease on its row), so events sent through either node reach the receiver once each, in
/// log order, while both nodes try to claim webhooks several times a second.
@Suite struct WebhookClusterTests {
    @Test func oneNodeAtATimeDeliversAWebhook() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        try await withAsyncTestDatabase { database in
            let configure: @Sendable (inout ServeConfiguration) -> Void = { configuration in
                configuration.database = database
                configuration.useTestWebhooks()
                configuration.webhooks.refreshMilliseconds = 100
            }
            try await withServer(configure: configure) { first, _ in
                try await withServer(configure: configure) { second, _ in
                    try await onThread {
                        let site = try first.createWebsite()
                        let admin = first.caller(site, role: "admin", sub: "boss")
                        let start = try admin.poll(cursor: nil).cursor
                        _ = try admin.createWebhook("http://127.0.0.1:\(receiver.port)/", events: #"["message.created"]"#)
                        let visitors = [first.caller(site, role: "visitor", sub: "v-1"), second.caller(site, role: "visitor", sub: "v-1")]
                        try eventually("the second node knows the website") { try visitors[1].call("GET", "/api/v1/chats").status == 200 }
                        let chatID = try #require(visitors[0].sendMessage("m0")["chat_id"]?.stringValue)
                        for number in 1..<40 { try visitors[number % 2].sendMessage("m\(number)", chat: chatID) }
                        // The first node's poll shows the second node's last sends once its hub has read them.
                        var logged: [String] = []
                        try eventually("the first node's log has all 40") {
                            logged = try admin.allEvents(after: start).filter { $0["type"]?.stringValue == "message.created" }
                                .compactMap { $0["id"]?.stringValue }
                            return logged.count == 40
                        }
                        try eventually("the receiver has every event") { receiver.deliveries.count >= logged.count }
                        #expect(receiver.deliveries.map(\.id) == logged, "each event once, in log order")
                    }
                }
            }
        }
    }
}
