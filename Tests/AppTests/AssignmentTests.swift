import Dispatch
import JSON
import Synchronization
import Testing
import TestSupport

/// Assignment (contract §10, issue 18 point 3): system messages on every change of assignee or
/// status, and `auto_assign: "round_robin"` — fair under concurrency, never twice, nothing lost
/// when an agent leaves, and chats that waited for somebody handed out in arrival order.
@Suite struct AssignmentTests {
    @Test func changesOfAssigneeAndStatusLeaveSystemMessagesEveryoneSees() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let admin = app.caller(site, role: "admin", sub: "boss", name: "Bo")
            let chatID = try #require(visitor.sendMessage("hello")["chat_id"]?.stringValue)
            let patched = try admin.expect(200, "PATCH", "/api/v1/chats/\(chatID)", json: #"{"assignee_id":"a1","status":"resolved"}"#)
            #expect(patched["message_count"]?.intValue == 3)
            #expect(patched["last_message"]?["type"]?.stringValue == "system")
            let messages = try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)/messages")["messages"]?.arrayValue ?? []
            #expect(messages.map { $0["type"]?.stringValue } == ["text", "system", "system"])
            #expect(messages[1]["data"]?.jsonText == #"{"action":"assigned","from":null,"to":"a1"}"#)
            #expect(messages[1]["text"]?.stringValue == "Bo assigned this chat to a1.")
            #expect(messages[1]["sender"]?["id"]?.stringValue == "boss")
            #expect(messages[2]["data"]?.jsonText == #"{"action":"status_changed","from":"open","to":"resolved"}"#)
            // No change, no message.
            _ = try admin.expect(200, "PATCH", "/api/v1/chats/\(chatID)", json: #"{"assignee_id":"a1"}"#)
            _ = try admin.expect(200, "PATCH", "/api/v1/chats/\(chatID)", json: #"{"assignee_id":null}"#)
            let last = try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)/messages?limit=1")["messages"]?.arrayValue?.first
            #expect(last?["seq"]?.intValue == 4)
            #expect(last?["data"]?.jsonText == #"{"action":"assigned","from":"a1","to":null}"#)
            #expect(try admin.call("PATCH", "/api/v1/website", json: #"{"auto_assign":"sometimes"}"#).errorCode == "bad_field")
        }
    }

    /// 200 chats from 20 visitors at once, 4 agents online: 50 each ± 1, each chat assigned once.
    @Test func roundRobinIsFairUnderConcurrency() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agents = try Self.onlineAgents(["a1", "a2", "a3", "a4"], site, app)
            try Self.expectFairSplit(of: try Self.startChats(visitors: 20, each: 10, site, app), site, app)
            _ = agents
        }
    }

    /// An agent leaving while chats pour in: every chat still gets an agent, once, and none goes
    /// to the agent after its connection closed.
    @Test func noChatIsLostWhenAnAgentGoesOfflineMidway() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            var agents = try Self.onlineAgents(["a1", "a2", "a3", "a4"], site, app)
            let first = try Self.startChats(visitors: 10, each: 10, site, app)
            // Its own thread reads it (`keepAnswering`) and ends when the server closes it.
            agents.removeLast().socket.raw.shutdownWrite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            try eventually("a4 is no longer connected") {
                !(try admin.expect(200, "GET", "/api/v1/availability")["agents"]?.jsonText.contains("a4") ?? true)
            }
            let second = try Self.startChats(visitors: 10, each: 10, site, app)
            let before = try Self.assignees(of: first, site, app)
            let after = try Self.assignees(of: second, site, app)
            #expect(before.values.allSatisfy { $0 != nil } && after.values.allSatisfy { $0 != nil }, "every chat has an agent")
            #expect(!after.values.contains("a4"), "no chat went to the agent that left")
            try Self.expectAssignedOnce(first + second, site, app)
        }
    }

    /// While nobody is available chats wait unassigned; the first agent to come online takes
    /// them in the order they arrived.
    @Test func chatsWaitingForSomebodyGoOutInArrivalOrder() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            _ = try admin.expect(200, "PATCH", "/api/v1/website", json: #"{"auto_assign":"round_robin"}"#)
            var waiting: [String] = []
            for index in 1...3 {
                let visitor = app.caller(site, role: "visitor", sub: "v\(index)")
                waiting.append(try #require(visitor.sendMessage("waiting \(index)")["chat_id"]?.stringValue))
            }
            #expect(try Self.assignees(of: waiting, site, app).values.allSatisfy { $0 == nil })
            let watcher = try app.realtime(admin.token)
            let agent = try app.realtime(app.caller(site, role: "agent", sub: "a1").token)
            let updates = try watcher.events(until: { $0["type"]?.stringValue == "chat.updated" && $0["chat_id"]?.stringValue == waiting[2] })
                .filter { $0["type"]?.stringValue == "chat.updated" }
            #expect(updates.map { $0["chat_id"]?.stringValue ?? "" } == waiting, "in arrival order")
            #expect(try Self.assignees(of: waiting, site, app).values.allSatisfy { $0 == "a1" })
            _ = agent
        }
    }

    /// Turns round robin on and connects `ids` as agents, agent i to node i mod the number of
    /// nodes, waiting until all are available.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    static func onlineAgents(_ ids: [String], _ site: (id: String, secret: String), _ nodes: TestApp...) throws -> [RealtimeClient] {
        let app = nodes[0]
        let admin = app.caller(site, role: "admin", sub: "boss")
        _ = try admin.expect(200, "PATCH", "/api/v1/website", json: #"{"auto_assign":"round_robin"}"#)
        let agents = try ids.enumerated().map { index, id in
            let node = nodes[index % nodes.count]
            return try node.realtime(node.caller(site, role: "agent", sub: id).token)
        }
        try eventually("every agent is available") {
            let listed = try admin.expect(200, "GET", "/api/v1/availability")["agents"]?.arrayValue ?? []
            return listed.filter { $0["state"]?.stringValue == "online" && $0["principal"]?["role"]?.stringValue == "agent" }.count == ids.count
        }
        // Nobody reads the agents' connections: they answer the server's pings by themselves, so
        // that on a slow machine they stay online however long the chats take.
        for agent in agents { try agent.socket.keepAnswering() }
        return agents
    }

    /// `visitors` visitors each starting `each` chats, all at once, visitor i through node
    /// i mod the number of nodes; the chats' ids.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    static func startChats(visitors: Int, each: Int, _ site: (id: String, secret: String), _ nodes: TestApp...) throws -> [String] {
        let ids = Mutex<[String]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: visitors) { index in
            let visitor = nodes[index % nodes.count].caller(site, role: "visitor", sub: "visitor-\(index)-\(UInt32.random(in: 0...UInt32.max))")
            for number in 1...each {
                do {
                    let id = try visitor.sendMessage("chat \(number)")["chat_id"]?.stringValue ?? ""
                    ids.withLock { $0.append(id) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        let failed = failures.withLock { $0 }
        guard failed.isEmpty else { throw RawClient.Failure(description: "starting chats failed: \(failed.prefix(3))") }
        return ids.withLock { $0 }
    }

    /// The assignee of each chat, as an admin reads it.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    static func assignees(of chats: [String], _ site: (id: String, secret: String), _ app: TestApp) throws -> [String: String?] {
        let admin = app.caller(site, role: "admin", sub: "boss")
        var found: [String: String?] = [:]
        for id in chats { found[id] = try admin.expect(200, "GET", "/api/v1/chats/\(id)")["assignee_id"]?.stringValue }
        return found
    }

    /// The chats went 50 ± 1 to each of a1...a4, each assigned once.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    static func expectFairSplit(of chats: [String], _ site: (id: String, secret: String), _ app: TestApp) throws {
        var counts: [String: Int] = [:]
        for assignee in try assignees(of: chats, site, app).values { counts[assignee ?? "nobody", default: 0] += 1 }
        #expect(counts.keys.sorted() == ["a1", "a2", "a3", "a4"], "\(counts)")
        #expect(counts.values.allSatisfy { (49...51).contains($0) }, "\(counts)")
        try expectAssignedOnce(chats, site, app)
    }

    /// Each chat has exactly one system message that assigned it.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    static func expectAssignedOnce(_ chats: [String], _ site: (id: String, secret: String), _ app: TestApp) throws {
        let admin = app.caller(site, role: "admin", sub: "boss")
        for id in chats {
            let messages = try admin.expect(200, "GET", "/api/v1/chats/\(id)/messages")["messages"]?.arrayValue ?? []
            let assigned = messages.filter { $0["data"]?["action"]?.stringValue == "assigned" }
            #expect(assigned.count == 1, "chat \(id): \(assigned.count) assignments")
        }
    }
}

/// Ending a chat (contract §11): a visitor ends their own chat, which becomes resolved with an
/// `ended` system message; ending it again writes nothing; other visitors cannot.
@Suite struct EndChatTests {
    @Test func aVisitorEndsTheirChatOnce() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1", name: "Vi")
            let chatID = try #require(visitor.sendMessage("thanks, bye")["chat_id"]?.stringValue)
            let ended = try visitor.expect(200, "POST", "/api/v1/chats/\(chatID)/end")
            #expect(ended["status"]?.stringValue == "resolved")
            #expect(ended["last_message"]?["data"]?.jsonText == #"{"action":"ended"}"#)
            #expect(ended["last_message"]?["text"]?.stringValue == "Vi ended the chat.")
            let again = try visitor.expect(200, "POST", "/api/v1/chats/\(chatID)/end", json: "{}")
            #expect(again["message_count"] == ended["message_count"], "nothing more was written")
            #expect(try app.caller(site, role: "visitor", sub: "v2").call("POST", "/api/v1/chats/\(chatID)/end").status == 404)
            #expect(try visitor.call("POST", "/api/v1/chats/\(chatID)/end", json: #"{"why":"done"}"#).errorCode == "bad_field")
        }
    }
}
