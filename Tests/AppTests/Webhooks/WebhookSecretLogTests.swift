import Glibc
import JSON
import Testing
import TestSupport

/// Contract §9 / issue 17 point 2: a webhook's secret never reaches the log. A real `webchat
/// serve` at the most talkative log level creates a webhook, changes it, fails a delivery and
/// retries it; nothing it printed holds the secret or the key inside it.
@Suite struct WebhookSecretLogTests {
    @Test func theSecretIsNeverLogged() async throws {
        // The first attempt is refused (a failure is logged), the retry accepted.
        let receiver = try WebhookReceiver(answer: { _, index in index == 0 ? 500 : 200 })
        defer { receiver.stop() }
        try await onThread {
            let data = try TemporaryDirectory("webchat-webhook-log")
            defer { data.remove() }
            let server = try ChildProcess(builtProduct("webchat"), [
                "serve", "--port", "0", "--data-dir", data.path, "--log-level", "debug", "--public-dir", repositoryPublicDirectory,
                "--webhook-allow-http", "--webhook-allow-private",
            ], environment: ["WEBCHAT_OPERATOR_KEY": WebhookCrashTests.operatorKey])
            let port = try #require(server.waitForListeningPort(), "\(server.standardError)")
            let created = try httpRequest(port: port, "POST", "/api/v1/websites",
                                          headers: [("Authorization", "Bearer \(WebhookCrashTests.operatorKey)"), ("Content-Type", "application/json")],
                                          body: #"{"name":"Logs"}"#)
            let website = try JSONValue(parsing: created.body)
            let site = (id: website["id"]?.stringValue ?? "", secret: website["secret"]?.stringValue ?? "")
            let admin = TestApp.Caller(port: port, token: TestApp.token(website: site.id, secret: site.secret, role: "admin", sub: "boss"))
            let hook = try admin.createWebhook("http://127.0.0.1:\(receiver.port)/hook", events: #"["message.created"]"#)
            _ = try admin.expect(200, "PATCH", "/api/v1/webhooks/\(hook.id)", json: #"{"url":"http://127.0.0.1:\#(receiver.port)/"}"#)
            let visitor = TestApp.Caller(port: port, token: TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v1"))
            try visitor.sendMessage("hello")
            try eventually("the refused delivery is retried and accepted") { receiver.deliveries.count >= 2 }
            _ = try admin.expect(200, "GET", "/api/v1/webhooks/\(hook.id)/deliveries")
            server.signal(SIGTERM)
            #expect(server.wait() == 0)

            let printed = server.standardOutput + server.standardError
            #expect(printed.contains("\(receiver.port)") || printed.lowercased().contains("webhook"), "the log says something of webhooks: \(printed)")
            let key = String(hook.secret.dropFirst("whsec_".count))
            #expect(key.count >= 40)
            #expect(!printed.contains(key), "the webhook's secret is in the log")
            #expect(!printed.contains(site.secret), "the website's secret is in the log")
        }
    }
}
