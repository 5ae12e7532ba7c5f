import JSON
import Testing
import TestSupport

/// A retried `client_id` answers the first message only to the principal that sent it, and only
/// while its chat is still visible to that principal (issue 13, point 8).
@Suite("Idempotency and visibility")
struct IdempotencyVisibilityTests {
    @Test func aRetryWhoseChatLeftTheScopeIs404AndShowsNothingOfIt() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let scoped = app.caller(site, role: "agent", sub: "a1", scope: ["metadata": ["project_id": 1]])
            let admin = app.caller(site, role: "admin", sub: "boss")
            let first = try scoped.expect(201, "POST", "/api/v1/messages", json: #"{"text":"hello","client_id":"c-1"}"#)
            let chatID = try #require(first["chat"]?["id"]?.stringValue)
            // While the chat is visible, a retry is answered with the first message.
            let retry = try scoped.expect(200, "POST", "/api/v1/messages", json: #"{"text":"hello","client_id":"c-1"}"#)
            #expect(retry["message"]?["id"] == first["message"]?["id"])

            _ = try admin.expect(200, "PATCH", "/api/v1/chats/\(chatID)",
                                 json: #"{"title":"Moved to project 2","metadata":{"project_id":2,"secret":"s3"}}"#)
            let afterMove = try scoped.call("POST", "/api/v1/messages", json: #"{"text":"hello","client_id":"c-1"}"#)
            #expect(afterMove.status == 404)
            #expect(afterMove.errorCode == "not_found")
            #expect(!afterMove.text.contains("Moved to project 2") && !afterMove.text.contains("s3"))

            // The same key sent to another, visible chat hits the stored key: 404 too, nothing leaks.
            let other = try scoped.expect(201, "POST", "/api/v1/chats", json: #"{"title":"Still mine"}"#)
            let otherID = try #require(other["id"]?.stringValue)
            let intoOther = try scoped.call("POST", "/api/v1/chats/\(otherID)/messages", json: #"{"text":"hello","client_id":"c-1"}"#)
            #expect(intoOther.status == 404)
            #expect(!intoOther.text.contains("Moved to project 2"))
            // Nothing was stored by the refused retries.
            #expect(try admin.expect(200, "GET", "/api/v1/chats/\(chatID)/messages")["messages"]?.arrayValue?.count == 1)
            #expect(try admin.expect(200, "GET", "/api/v1/chats/\(otherID)/messages")["messages"]?.arrayValue?.count == 0)
        }
    }

    @Test func aVisitorNamedLikeAnAgentHasItsOwnKeys() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "alice")
            let visitor = app.caller(site, role: "visitor", sub: "alice")
            let agentSent = try agent.expect(201, "POST", "/api/v1/messages",
                                             json: #"{"text":"internal","title":"Staff only","client_id":"k-1"}"#)
            let visitorSent = try visitor.expect(201, "POST", "/api/v1/messages", json: #"{"text":"hi","client_id":"k-1"}"#)
            #expect(visitorSent["chat"]?["id"] != agentSent["chat"]?["id"])
            #expect(visitorSent["chat"]?["title"]?.stringValue != "Staff only")
            #expect(visitorSent["message"]?["sender"]?["role"]?.stringValue == "visitor")
            // Each one's retry finds its own message.
            let visitorRetry = try visitor.expect(200, "POST", "/api/v1/messages", json: #"{"text":"hi","client_id":"k-1"}"#)
            #expect(visitorRetry["message"]?["id"] == visitorSent["message"]?["id"])
            let agentRetry = try agent.expect(200, "POST", "/api/v1/messages", json: #"{"text":"internal","client_id":"k-1"}"#)
            #expect(agentRetry["message"]?["id"] == agentSent["message"]?["id"])
        }
    }

    /// Read marks and unread counts belong to a principal too: the agent alice reading the visitor
    /// alice's chat moves only the agent's mark, and each counts the other's messages as unread.
    @Test func aVisitorNamedLikeAnAgentHasItsOwnReadMarksAndUnreadCounts() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "alice")
            let visitor = app.caller(site, role: "visitor", sub: "alice")
            let chatID = try #require(visitor.sendMessage("one")["chat_id"]?.stringValue)
            try visitor.sendMessage("two", chat: chatID)
            try agent.sendMessage("three", chat: chatID)
            let unread = { (caller: TestApp.Caller) in try caller.expect(200, "GET", "/api/v1/chats/\(chatID)")["unread_count"]?.intValue }
            #expect(try unread(agent) == 2, "the visitor's two messages, not its own")
            #expect(try unread(visitor) == 1, "the agent's message, not its own")
            _ = try agent.call("POST", "/api/v1/chats/\(chatID)/read", json: #"{"seq":3}"#)
            #expect(try unread(agent) == 0)
            #expect(try unread(visitor) == 1, "the agent's mark is not the visitor's")
        }
    }
}
