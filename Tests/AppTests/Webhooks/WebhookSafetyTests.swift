import App
import JSON
import Testing
import TestSupport
import StoreTestSupport
import Threads

/// Webhook safety (contract §9): TLS verified against trusted CAs for the URL's host name, and the
/// destination's addresses checked again at every delivery, not only when the URL was stored.
@Suite struct WebhookSafetyTests {
    @Test func deliversOverVerifiedTLSAndRefusesAnUntrustedOrMisnamedCertificate() async throws {
        let certificates = try await onThread { try TestCertificates() }
        defer { certificates.remove() }
        let (good, misnamed) = try await onThread {
            (try certificates.server("localhost", names: ["localhost", "127.0.0.1"]), try certificates.server("other", names: ["other.example"]))
        }
        let trusted = try WebhookReceiver(certificate: good)
        let wrongName = try WebhookReceiver(certificate: misnamed)
        defer {
            trusted.stop()
            wrongName.stop()
        }
        let configure: (inout ServeConfiguration) -> Void = { configuration in
            configuration.useTestWebhooks(retries: [60_000])
            configuration.webhooks.rules.allowsHTTP = false
            configuration.webhooks.extraCAFile = certificates.caFile
        }
        try await withApp(configure: configure) { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            #expect(try admin.call("POST", "/api/v1/webhooks", json: #"{"url":"http://127.0.0.1:\#(trusted.port)/","events":["read"]}"#)
                .status == 400, "http is refused without the operator's leave")
            let byName = try admin.createWebhook("https://localhost:\(trusted.port)/by-name")
            let byAddress = try admin.createWebhook("https://127.0.0.1:\(trusted.port)/by-address")
            let misnamedHook = try admin.createWebhook("https://localhost:\(wrongName.port)/")
            let visitor = app.caller(site, role: "visitor", sub: "v-1")
            try visitor.sendMessage("over TLS")
            try eventually("both trusted webhooks delivered") { trusted.deliveries.count >= 4 }
            let paths = Set(trusted.deliveries.map { $0.headers[":request-line"] ?? "" })
            #expect(paths == ["POST /by-name HTTP/1.1", "POST /by-address HTTP/1.1"])
            #expect(trusted.deliveries.allSatisfy { $0.isSigned(with: $0.headers[":request-line"]!.contains("by-name") ? byName.secret : byAddress.secret) })
            try eventually("the misnamed certificate was refused") {
                let log = try admin.expect(200, "GET", "/api/v1/webhooks/\(misnamedHook.id)/deliveries")["deliveries"]?.arrayValue ?? []
                return log.first?["error"]?.stringValue?.contains("certificate") == true
            }
            #expect(wrongName.deliveries.isEmpty, "nothing is sent to a receiver whose certificate does not name the host")
        }
        // Without the test CA, the same receiver is not trusted.
        try await withApp(configure: { configure(&$0); $0.webhooks.extraCAFile = nil }) { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            let hook = try admin.createWebhook("https://localhost:\(trusted.port)/untrusted")
            try app.caller(site, role: "visitor", sub: "v-1").sendMessage("not trusted")
            try eventually("the untrusted certificate was refused") {
                let log = try admin.expect(200, "GET", "/api/v1/webhooks/\(hook.id)/deliveries")["deliveries"]?.arrayValue ?? []
                return log.first?["error"]?.stringValue?.contains("certificate") == true && log.first?["status"] == .null
            }
            #expect(!trusted.deliveries.contains { $0.headers[":request-line"]?.contains("untrusted") == true })
        }
    }

    /// A URL stored while private addresses were allowed is checked again at delivery: once the
    /// operator no longer allows them, its loopback address is refused and nothing is sent.
    @Test func everyDeliveryChecksTheResolvedAddressesAgain() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let shared = try TemporaryDirectory("webhook-recheck")
        defer { shared.remove() }
        try await withServerDatabase { database in
            let configure: @Sendable (inout ServeConfiguration) -> Void = { configuration in
                configuration.useTestWebhooks(retries: [60_000])
                configuration.dataDirectory = shared.path + "/store"
                configuration.database = database
            }
            let created = try await withAppResult(configure: configure) { app in
                let site = try app.createWebsite()
                let hook = try app.caller(site, role: "admin", sub: "boss").createWebhook("http://localhost:\(receiver.port)/")
                return (site, hook.id)
            }
            try await withApp(configure: { configure(&$0); $0.webhooks.rules.allowsPrivateAddresses = false }) { app in
                try app.caller(created.0, role: "visitor", sub: "v-1").sendMessage("to loopback")
                let admin = app.caller(created.0, role: "admin", sub: "boss")
                try eventually("the delivery was refused") {
                    let log = try admin.expect(200, "GET", "/api/v1/webhooks/\(created.1)/deliveries")["deliveries"]?.arrayValue ?? []
                    return log.first?["error"]?.stringValue?.contains("not a public address") == true
                }
            }
            #expect(receiver.deliveries.isEmpty)
        }
    }
}

/// `withApp` whose body returns a value.
func withAppResult<R: Sendable>(configure: @escaping @Sendable (inout ServeConfiguration) -> Void,
                                _ body: @escaping @Sendable (TestApp) throws -> R) async throws -> R {
    let result = ConditionLock<R?>(nil)
    try await withApp(configure: configure) { app in
        let value = try body(app)
        result.update { $0 = value }
    }
    guard let value = result.withLock({ $0 }) else { throw RawClient.Failure(description: "the body returned nothing") }
    return value
}
