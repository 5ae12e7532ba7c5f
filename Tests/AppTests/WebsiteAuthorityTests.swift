import JSON
import Testing
import TestSupport

/// Who may speak for a website (issue 13, point 9): a rotated secret ends the WebSockets of the
/// old tokens too, a scoped admin cannot change website-wide settings, and an unreadable scope
/// is as good as no token everywhere.
@Suite("Website authority")
struct WebsiteAuthorityTests {
    @Test func rotatingTheSecretClosesOpenWebSocketsWith4401() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let other = try app.createWebsite("Other")
            let agent = try app.realtime(TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1"))
            let bystander = try app.realtime(TestApp.token(website: other.id, secret: other.secret, role: "agent", sub: "a1"))
            let rotated = try app.request("POST", "/api/v1/websites/\(site.id)/rotate-secret", headers: app.operatorHeader)
            #expect(rotated.status == 200)
            let error = try agent.nextReply()
            #expect(error["type"]?.stringValue == "error")
            #expect(error["code"]?.stringValue == "unauthorized")
            #expect(agent.closeCode() == 4401)
            // Another website's connection is untouched.
            try bystander.send(#"{"type":"ping"}"#)
            #expect(try bystander.nextReply()["type"]?.stringValue == "pong")
            // A token signed with the new secret connects.
            let newSecret = try #require(try rotated.json()["secret"]?.stringValue)
            _ = try app.realtime(TestApp.token(website: site.id, secret: newSecret, role: "agent", sub: "a1"))
        }
    }

    @Test func aScopedAdminReadsButCannotChangeWebsiteWideSettings() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let scoped = app.caller(site, role: "admin", sub: "boss", scope: ["metadata": ["project_id": 7]])
            _ = try scoped.expect(200, "GET", "/api/v1/website")
            let refused = try scoped.call("PATCH", "/api/v1/website", json: #"{"name":"Taken over"}"#)
            #expect(refused.status == 403)
            #expect(refused.errorCode == "forbidden")
            let admin = app.caller(site, role: "admin", sub: "owner")
            #expect(try admin.expect(200, "GET", "/api/v1/website")["name"]?.stringValue == "Shop")
            #expect(try admin.expect(200, "PATCH", "/api/v1/website", json: #"{"name":"Renamed"}"#)["name"]?.stringValue == "Renamed")
        }
    }

    @Test func anUnreadableScopeIs401OnWebsiteRoutesToo() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            // Shaped like a scope, but narrows nothing: refused by every route, these included.
            let broken = app.caller(site, role: "admin", sub: "boss", scope: ["metadata": [:]])
            #expect(try broken.call("GET", "/api/v1/website").status == 401)
            #expect(try broken.call("PATCH", "/api/v1/website", json: #"{"name":"x"}"#).status == 401)
            #expect(try broken.call("GET", "/api/v1/chats").status == 401)
        }
    }
}
