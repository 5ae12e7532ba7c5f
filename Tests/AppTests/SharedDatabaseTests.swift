import Glibc
import Realtime
import JSON
import PostgresTestSupport
import Testing
import TestSupport

/// Two servers on one PostgreSQL database, as two nodes of a cluster (contract §12), in this
/// process: what is not persisted — typing and presence — crosses from one to the other too.
@Suite struct SharedDatabaseTests {
    @Test func typingAndPresenceReachConnectionsOnTheOtherNode() async throws {
        try await withAsyncTestDatabase { database in
            try await withServer(configure: { $0.database = database }) { first, _ in
                try await withServer(configure: { $0.database = database }) { second, _ in
                    try await onThread {
                        let site = try first.createWebsite()
                        let visitor = first.caller(site, role: "visitor", sub: "v1")
                        let chatID = try visitor.expect(201, "POST", "/api/v1/chats", json: #"{"title":"Help"}"#)["id"]?.stringValue ?? ""
                        // The second node knows the website within a second (its directory refresh).
                        let watcher = second.caller(site, role: "agent", sub: "watcher")
                        try eventually("the second node knows the website") { try watcher.call("GET", "/api/v1/chats").status == 200 }

                        let watching = try second.realtime(watcher.token)
                        let agent = try first.realtime(first.caller(site, role: "agent", sub: "a1", name: "Ann").token)
                        // The watcher's own presence may come before or after: each node's store decides.
                        let online = try AvailabilityTests.nextPresence(of: "a1", on: watching)
                        #expect(online.jsonText == #"{"principal":{"id":"a1","role":"agent","name":"Ann"},"state":"online"}"#)

                        try agent.send(#"{"type":"typing","chat_id":"\#(chatID)","state":"start"}"#)
                        let typing = try watching.nextEvent()
                        #expect(typing["type"]?.stringValue == "typing")
                        #expect(typing["chat_id"]?.stringValue == chatID)
                        #expect(typing["data"]?["principal"]?["id"]?.stringValue == "a1")
                    }
                }
            }
        }
    }

    /// Availability is the cluster's, not a node's (issue 18, point 4): an agent moving from one
    /// node to the other within the grace is never announced offline, and when they leave both,
    /// offline is announced once, by whichever node's upkeep finds it first.
    @Test func anAgentMovingBetweenNodesStaysOnlineAndGoesOfflineOnce() async throws {
        var configured = HubConfiguration.forTests
        configured.presenceGraceMilliseconds = 8_000
        let realtime = configured
        try await withAsyncTestDatabase { database in
            try await withServer(realtime: realtime, configure: { $0.database = database }) { first, _ in
                try await withServer(realtime: realtime, configure: { $0.database = database }) { second, _ in
                    try await onThread {
                        let site = try first.createWebsite()
                        let watcher = second.caller(site, role: "admin", sub: "watcher")
                        try eventually("the second node knows the website") { try watcher.call("GET", "/api/v1/chats").status == 200 }
                        let watching = try second.realtime(watcher.token)
                        let ann = first.caller(site, role: "agent", sub: "a1")
                        let onFirst = try first.realtime(ann.token)
                        #expect(try AvailabilityTests.nextPresence(of: "a1", on: watching)["state"]?.stringValue == "online")

                        // Onto the second node, then off the first: still connected somewhere.
                        var onSecond = try second.realtime(ann.token)
                        onFirst.socket.raw.shutdownWrite()
                        _ = onFirst.closeCode()
                        // Off the second and straight back onto the first, within the grace.
                        onSecond.socket.raw.shutdownWrite()
                        _ = onSecond.closeCode()
                        onSecond = try first.realtime(ann.token)
                        _ = try second.caller(site, role: "agent", sub: "a1").expect(200, "PUT", "/api/v1/me/availability",
                                                                                      json: #"{"state":"busy"}"#)
                        #expect(try AvailabilityTests.nextPresence(of: "a1", on: watching)["state"]?.stringValue == "busy",
                                "nothing was announced while a1 moved")

                        onSecond.socket.raw.shutdownWrite()
                        _ = onSecond.closeCode()
                        #expect(try AvailabilityTests.nextPresence(of: "a1", on: watching)["state"]?.stringValue == "offline")
                        // A marker after the grace has passed on both nodes: no second offline before it.
                        usleep(1_000_000)
                        _ = try first.realtime(first.caller(site, role: "agent", sub: "a2").token)
                        var after: [String] = []
                        while true {
                            let event = try watching.nextEvent()
                            guard event["type"]?.stringValue == "presence" else { continue }
                            let id = event["data"]?["principal"]?["id"]?.stringValue ?? "?"
                            if id == "a2" { break }
                            after.append("\(id) \(event["data"]?["state"]?.stringValue ?? "?")")
                        }
                        #expect(after.isEmpty, "announced again: \(after)")
                    }
                }
            }
        }
    }

    /// Round robin across two nodes (issue 18, point 3): agents and visitors on both, the picks
    /// take turns on the agents' rows, so the split stays 50 each ± 1 and no chat is assigned twice.
    @Test func roundRobinIsFairAcrossNodes() async throws {
        try await withAsyncTestDatabase { database in
            try await withServer(configure: { $0.database = database }) { first, _ in
                try await withServer(configure: { $0.database = database }) { second, _ in
                    try await onThread {
                        let site = try first.createWebsite()
                        let admin = second.caller(site, role: "admin", sub: "boss")
                        try eventually("the second node knows the website") { try admin.call("GET", "/api/v1/chats").status == 200 }
                        let agents = try AssignmentTests.onlineAgents(["a1", "a2", "a3", "a4"], site, first, second)
                        try AssignmentTests.expectFairSplit(of: try AssignmentTests.startChats(visitors: 20, each: 10, site, first, second),
                                                            site, second)
                        _ = agents
                    }
                }
            }
        }
    }

    /// Contract §12: a secret rotated through one node takes effect on the others, whose open
    /// WebSockets of the old tokens close with 4401 and whose REST answers 401.
    @Test func aSecretRotatedOnOneNodeEndsTheOldTokensOnTheOther() async throws {
        try await withAsyncTestDatabase { database in
            try await withServer(configure: { $0.database = database }) { first, _ in
                try await withServer(configure: { $0.database = database }) { second, _ in
                    try await onThread {
                        let site = try first.createWebsite()
                        let agent = second.caller(site, role: "agent", sub: "a1")
                        try eventually("the second node knows the website") { try agent.call("GET", "/api/v1/chats").status == 200 }
                        let socket = try second.realtime(agent.token)
                        let rotated = try first.request("POST", "/api/v1/websites/\(site.id)/rotate-secret", headers: first.operatorHeader)
                        #expect(rotated.status == 200)
                        let error = try socket.nextReply()
                        #expect(error["code"]?.stringValue == "unauthorized")
                        #expect(socket.closeCode() == 4401)
                        #expect(try agent.call("GET", "/api/v1/chats").status == 401)
                    }
                }
            }
        }
    }
}
