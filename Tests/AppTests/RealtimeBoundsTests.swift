@testable import App
import Glibc
import JSON
import Realtime
import Testing
import TestSupport

/// Issue 13, points 2 and 3, one bound at a time: what one principal may make the realtime
/// layer do, and what it gets past that.
@Suite struct RealtimeBoundsTests {
    static func limits(_ change: (inout RealtimeRateLimits) -> Void) -> RealtimeRateLimits {
        var limits = RealtimeRateLimits.unlimited
        change(&limits)
        return limits
    }

    @Test func hellosPastAPrincipalsBudgetAreRefused4429WhileOthersAreWelcomed() async throws {
        let limits = Self.limits { $0.hellosPerPrincipal = .init(rate: 0.01, burst: 3) }
        try await withApp(realtimeRateLimits: limits) { app in
            let site = try app.createWebsite()
            let token = TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v1")
            for _ in 0..<3 { _ = try app.realtime(token) }
            let refused = try RealtimeClient(app)
            try refused.send(#"{"type":"hello","token":"\#(token)"}"#)
            #expect(try refused.next()["code"]?.stringValue == "rate_limited")
            #expect(refused.closeCode() == 4429)
            // Another principal of the same website is not touched by that budget.
            _ = try app.realtime(TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v2"))
        }
    }

    @Test func hellosAreLimitedPerAddressToo() async throws {
        let limits = Self.limits { $0.hellosPerAddress = .init(rate: 0.01, burst: 2) }
        try await withApp(realtimeRateLimits: limits) { app in
            let site = try app.createWebsite()
            for index in 0..<2 {
                let client = try RealtimeClient(app, source: "127.0.0.2")
                try client.hello(TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v\(index)"))
            }
            let refused = try RealtimeClient(app, source: "127.0.0.2")
            try refused.send(#"{"type":"hello","token":"\#(TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v9"))"}"#)
            #expect(refused.closeCode() == 4429)
            // From another address the same principal is welcome.
            let elsewhere = try RealtimeClient(app, source: "127.0.0.3")
            try elsewhere.hello(TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v9"))
        }
    }

    @Test func pollsPastAPrincipalsBudgetAre429WithRetryAfter() async throws {
        let limits = Self.limits { $0.pollsPerPrincipal = .init(rate: 0.01, burst: 2) }
        try await withApp(realtimeRateLimits: limits) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            for _ in 0..<2 { _ = try visitor.poll(cursor: nil) }
            let refused = try visitor.call("GET", "/api/v1/events")
            #expect(refused.status == 429)
            #expect(refused.errorCode == "rate_limited")
            #expect(Int(refused.header("Retry-After") ?? "") ?? 0 >= 1)
            #expect(try app.caller(site, role: "visitor", sub: "v2").call("GET", "/api/v1/events").status == 200)
        }
    }

    /// A visitor who sees nothing of a busy website: each poll looks at `scanLimit` rows and
    /// says `has_more`, the cursor moving on, until the log's end.
    @Test func aPollLooksAtABoundedNumberOfRowsAndSaysWhereItStopped() async throws {
        var realtime = HubConfiguration()
        realtime.scanLimit = 10
        try await withApp(realtime: realtime) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "quiet")
            let start = try visitor.poll(cursor: nil).cursor
            let busy = app.caller(site, role: "visitor", sub: "busy")
            let chatID = try #require(busy.sendMessage("m0")["chat_id"]?.stringValue)
            for index in 1..<45 { try busy.sendMessage("m\(index)", chat: chatID) }
            try visitor.sendMessage("mine")
            // Wait until the hub has routed all 47 events (chat.created, 45 messages, then the
            // visitor's own chat.created and message.created): the agent's poll says so.
            let admin = app.caller(site, role: "admin", sub: "owner")
            var seen = 0
            var cursor = start
            for _ in 0..<200 where seen < 48 {
                let page = try admin.poll(cursor: cursor, query: "limit=1000")
                seen += page.events.count
                cursor = page.cursor
                if seen < 48 { usleep(20_000) }
            }
            var polls = 0
            var mine: [String] = []
            cursor = start
            while true {
                let page = try visitor.poll(cursor: cursor)
                polls += 1
                mine += page.events.compactMap { $0["data"]?["text"]?.stringValue }
                #expect(page.cursor != cursor || !page.hasMore)
                cursor = page.cursor
                if !page.hasMore { break }
            }
            #expect(mine == ["mine"])
            #expect(polls >= 5, "48 rows at 10 a poll")
        }
    }

    /// Point 3: past the hub's typing queue, typing is shed — never a persisted event.
    @Test func typingIsShedWhenTheHubsQueueIsFullAndMessagesStillArrive() async throws {
        var realtime = HubConfiguration()
        realtime.typingQueueLimit = 0
        try await withApp(realtime: realtime) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let chatID = try #require(visitor.sendMessage("hi")["chat_id"]?.stringValue)
            let agent = try app.realtime(TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1"))
            for _ in 0..<50 {
                #expect(try visitor.call("POST", "/api/v1/chats/\(chatID)/typing", json: #"{"state":"start"}"#).status == 204)
            }
            try visitor.sendMessage("after the flood", chat: chatID)
            let seen = try agent.events { $0["type"]?.stringValue == "message.created" }
            #expect(!seen.contains { $0["type"]?.stringValue == "typing" })
        }
    }

    /// A connection that sends far more than any client does is closed, so that its frames stop
    /// costing its loop a parse and an answer each.
    @Test func aConnectionSendingPastItsBudgetIsClosed4429() async throws {
        let limits = Self.limits { $0.commandsPerConnection = .init(rate: 0.01, burst: 5) }
        try await withApp(realtimeRateLimits: limits) { app in
            let site = try app.createWebsite()
            let client = try app.realtime(TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v1"))
            for _ in 0..<4 {
                try client.send(#"{"type":"ping"}"#)
                #expect(try client.nextReply()["type"]?.stringValue == "pong")
            }
            try client.send(#"{"type":"ping"}"#)
            #expect(try client.nextReply()["code"]?.stringValue == "rate_limited")
            #expect(client.closeCode() == 4429)
        }
    }

    @Test func typingPastAPrincipalsBudgetIsRefusedOverRESTAndTheSocket() async throws {
        let limits = Self.limits { $0.typingPerPrincipal = .init(rate: 0.01, burst: 2) }
        try await withApp(realtimeRateLimits: limits) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let chatID = try #require(visitor.sendMessage("hi")["chat_id"]?.stringValue)
            for _ in 0..<2 {
                #expect(try visitor.call("POST", "/api/v1/chats/\(chatID)/typing", json: #"{"state":"start"}"#).status == 204)
            }
            #expect(try visitor.call("POST", "/api/v1/chats/\(chatID)/typing", json: #"{"state":"start"}"#).status == 429)
            let socket = try app.realtime(visitor.token)
            try socket.send(#"{"type":"typing","chat_id":"\#(chatID)","state":"start","ref":"t1"}"#)
            let refusal = try socket.nextReply()
            #expect(refusal["code"]?.stringValue == "rate_limited")
            #expect(refusal["ref"]?.stringValue == "t1")
        }
    }
}

/// The realtime limits are operator flags, like every other limit (contract §4).
@Suite struct RealtimeLimitFlagTests {
    @Test func helloPollAndTypingRatesComeFromFlagsAndVariables() throws {
        let configuration = try serveConfiguration(["--hello-rate", "3", "--typing-rate", "0"], environment: ["WEBCHAT_POLL_RATE": "5"])
        let limits = configuration.realtimeRateLimits
        #expect(limits.hellosPerPrincipal.rate == 3 && limits.hellosPerPrincipal.burst == 30)
        #expect(limits.hellosPerAddress.rate == 30)
        #expect(limits.pollsPerPrincipal.rate == 5 && limits.pollsPerAddress.burst == 500)
        #expect(limits.typingPerPrincipal.rate == 0, "0 turns the limit off")
        #expect(throws: UsageError.self) { try serveConfiguration(["--poll-rate", "-1"]) }
        #expect(RealtimeRateLimits().hellosPerPrincipal.rate == 1, "the documented default")
    }
}
