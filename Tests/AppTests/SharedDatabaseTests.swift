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
                        // Agents see their own presence first, announced on this node.
                        #expect(try watching.nextEvent()["data"]?["principal"]?["id"]?.stringValue == "watcher")
                        let online = try watching.nextEvent()
                        #expect(online["type"]?.stringValue == "presence")
                        #expect(online["data"]?.jsonText == #"{"principal":{"id":"a1","role":"agent","name":"Ann"},"state":"online"}"#)

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
