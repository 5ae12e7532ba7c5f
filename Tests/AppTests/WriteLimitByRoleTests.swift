import App
import Testing
import TestSupport

/// Contract §4 (v2): visitors and agents are limited per principal; bot and admin tokens, held by
/// the website's backend, only by one budget of the website (issue 17, point 5).
@Suite struct WriteLimitByRoleTests {
    /// A bot answers fifty chats in a row without a 429 under the default website budget, where
    /// an agent is refused after its own burst (1 a second here, so that even a slow machine
    /// sends faster than that).
    @Test func aBotAnsweringManyChatsIsNotLimitedLikeAPerson() async throws {
        var limits = RateLimits()
        limits.writesPerSecond = 1
        try await withApp(rateLimits: limits) { app in
            let site = try app.createWebsite()
            let bot = app.caller(site, role: "bot", sub: "helper")
            let statuses = try (0..<50).map { index in
                try bot.call("POST", "/api/v1/messages", json: #"{"text":"answer \#(index)"}"#).status
            }
            #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses)")
            let agent = app.caller(site, role: "agent", sub: "person")
            var agentStatuses: [Int] = []
            while agentStatuses.count < 60, !agentStatuses.contains(429) {
                agentStatuses.append(try agent.call("POST", "/api/v1/chats", json: "{}").status)
            }
            #expect(agentStatuses.contains(429), "an agent keeps its own budget")
        }
    }

    /// The website budget is shared by every bot and admin token of the website, and by no other
    /// website.
    @Test func botsAndAdminsShareOneBudgetPerWebsite() async throws {
        var limits = RateLimits()
        limits.websiteWritesPerSecond = 0.001  // one write, then the next in 1,000 s
        try await withApp(rateLimits: limits) { app in
            let site = try app.createWebsite()
            let bot = app.caller(site, role: "bot", sub: "b-1")
            let admin = app.caller(site, role: "admin", sub: "boss")
            #expect(try bot.call("POST", "/api/v1/chats", json: "{}").status == 201)
            #expect(try bot.call("POST", "/api/v1/chats", json: "{}").status == 429)
            #expect(try admin.call("POST", "/api/v1/chats", json: "{}").status == 429, "the admin spends the same budget")
            let elsewhere = try app.createWebsite("Elsewhere")
            #expect(try app.caller(elsewhere, role: "bot", sub: "b-1").call("POST", "/api/v1/chats", json: "{}").status == 201)
        }
    }
}
