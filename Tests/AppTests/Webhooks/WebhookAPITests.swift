import JSON
import Testing
import TestSupport
import Webhooks

/// Webhooks' management (contract §9): admins create, list, change and delete them; the secret is
/// shown once; URLs are checked against the operator's rules when stored.
@Suite struct WebhookAPITests {
    @Test func adminsManageWebhooksAndSeeTheSecretOnlyAtCreation() async throws {
        try await withApp(configure: { $0.webhooks.rules = .init(allowsHTTP: true, allowsPrivateAddresses: true) }) { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            let created = try admin.expect(201, "POST", "/api/v1/webhooks",
                                           json: #"{"url":"http://127.0.0.1:9/hook","events":["read","message.created","read"],"description":"CRM"}"#)
            let id = try #require(created["id"]?.stringValue)
            #expect(id.hasPrefix("wh_"))
            #expect(created["secret"]?.stringValue?.hasPrefix("whsec_") == true)
            #expect(created["events"] == ["message.created", "read"], "in the server's order, without repeats")
            #expect(created["active"] == true)

            let listed = try admin.expect(200, "GET", "/api/v1/webhooks")["webhooks"]?.arrayValue ?? []
            #expect(listed.count == 1)
            #expect(listed.first?["secret"] == nil, "the secret is shown at creation only")
            #expect(listed.first?["description"]?.stringValue == "CRM")
            #expect(try admin.expect(200, "GET", "/api/v1/webhooks/\(id)")["secret"] == nil)

            let changed = try admin.expect(200, "PATCH", "/api/v1/webhooks/\(id)", json: #"{"active":false,"events":["chat.created"]}"#)
            #expect(changed["active"] == false)
            #expect(changed["events"] == ["chat.created"])
            #expect(try admin.expect(200, "GET", "/api/v1/webhooks/\(id)/deliveries")["deliveries"] == [])

            #expect(try admin.call("DELETE", "/api/v1/webhooks/\(id)").status == 204)
            #expect(try admin.call("GET", "/api/v1/webhooks/\(id)").status == 404)
            #expect(try admin.call("DELETE", "/api/v1/webhooks/\(id)").status == 404)
            #expect(try admin.call("GET", "/api/v1/webhooks/\(id)/deliveries").status == 404)

            // Another website's admin sees none of it.
            let other = app.caller(try app.createWebsite("Other"), role: "admin", sub: "boss")
            let theirs = try #require(try admin.expect(201, "POST", "/api/v1/webhooks",
                                                       json: #"{"url":"http://127.0.0.1:9/","events":["read"]}"#)["id"]?.stringValue)
            #expect(try other.call("GET", "/api/v1/webhooks/\(theirs)").status == 404)
            #expect(try other.expect(200, "GET", "/api/v1/webhooks")["webhooks"] == [])
        }
    }

    @Test func onlyUnscopedAdminsManageWebhooksAndBadInputIsRefused() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            for role in ["visitor", "agent", "bot"] {
                #expect(try app.caller(site, role: role, sub: "x").call("GET", "/api/v1/webhooks").status == 403, "\(role)")
            }
            let scoped = app.caller(site, role: "admin", sub: "boss", scope: ["metadata": ["team": "x"]])
            #expect(try scoped.call("POST", "/api/v1/webhooks", json: #"{"url":"https://example.com/","events":["read"]}"#).status == 403)

            for (body, why) in [
                (#"{"url":"http://example.com/","events":["read"]}"#, "http without the operator's leave"),
                (#"{"url":"https://127.0.0.1/","events":["read"]}"#, "loopback"),
                (#"{"url":"https://localhost/","events":["read"]}"#, "a name that resolves to loopback"),
                (#"{"url":"https://10.1.2.3/","events":["read"]}"#, "private"),
                (#"{"url":"https://169.254.169.254/latest","events":["read"]}"#, "link-local (cloud metadata)"),
                (#"{"url":"https://[::1]/","events":["read"]}"#, "IPv6 loopback"),
                (#"{"url":"https://[::ffff:10.0.0.1]/","events":["read"]}"#, "IPv4-mapped private"),
                (#"{"url":"https://224.0.0.1/","events":["read"]}"#, "multicast"),
                (#"{"url":"https://user:pw@example.com/","events":["read"]}"#, "credentials in the URL"),
                (#"{"url":"ftp://example.com/","events":["read"]}"#, "another scheme"),
                (#"{"url":"https://example.com/","events":["typing"]}"#, "typing is never sent"),
                (#"{"url":"https://example.com/","events":[]}"#, "no events"),
                (#"{"url":"https://example.com/"}"#, "events missing"),
                (#"{"url":"https://example.com/","events":["read"],"secret":"mine"}"#, "an unknown field"),
            ] {
                let response = try admin.call("POST", "/api/v1/webhooks", json: body)
                #expect(response.status == 400, "\(why): \(response.text)")
                #expect(response.errorCode == "bad_field", "\(why)")
            }
            #expect(try admin.expect(200, "GET", "/api/v1/webhooks")["webhooks"] == [], "nothing was stored")
        }
    }

    @Test func aWebsiteKeepsAtMostTwentyWebhooks() async throws {
        try await withApp(configure: { $0.webhooks.rules = .init(allowsHTTP: true, allowsPrivateAddresses: true) }) { app in
            let admin = app.caller(try app.createWebsite(), role: "admin", sub: "boss")
            for _ in 0..<20 {
                _ = try admin.expect(201, "POST", "/api/v1/webhooks", json: #"{"url":"http://127.0.0.1:9/","events":["read"]}"#)
            }
            let refused = try admin.call("POST", "/api/v1/webhooks", json: #"{"url":"http://127.0.0.1:9/","events":["read"]}"#)
            #expect(refused.status == 409)
        }
    }

    @Test func theContractsRetryScheduleLastsThreeDays() {
        let delays = WebhookConfiguration.contractRetryDelays
        #expect(Array(delays.prefix(6)) == [5_000, 30_000, 120_000, 600_000, 3_600_000, 14_400_000])
        #expect(delays.dropFirst(6).allSatisfy { $0 == 28_800_000 })
        let total = delays.reduce(0, +)
        #expect(total <= 3 * 24 * 3_600_000 && total + 28_800_000 > 3 * 24 * 3_600_000)
    }
}
