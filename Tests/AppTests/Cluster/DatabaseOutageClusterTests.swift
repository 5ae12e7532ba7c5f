import Glibc
import JSON
import Testing
import TestSupport

/// Issue 15, point 4: PostgreSQL stops under a running node and comes back. Meanwhile `/healthz`
/// and writes answer 503 with the contract's JSON error and WebSockets stay open; afterwards the
/// node is healthy again by itself, the open WebSocket receives what is sent next, and the log
/// says once that the database was lost and once that it is back (contract §12).
@Suite struct DatabaseOutageClusterTests {
    @Test func aNodeOutlivesItsDatabaseAndRecoversByItself() async throws {
        try await onThread {
            let postgres = try PrivatePostgres()
            defer {
                do { try postgres.remove() } catch { Issue.record(error, "the private PostgreSQL cluster was not removed") }
            }
            try Cluster.run(1, on: postgres.target) { cluster in
                let node = cluster.nodes[0]
                let site = try cluster.createWebsite()
                let reader = try node.realtime(TestApp.token(website: site.id, secret: site.secret, role: "bot", sub: "reader"))
                let visitor = node.caller(TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "visitor"))
                let chatID = try #require(try visitor.sendMessage("before")["chat_id"]?.stringValue)
                #expect(try reader.events { $0.createdMessageID != nil }.last?["data"]?["text"]?.stringValue == "before")

                try postgres.stopServer()
                #expect(try TestApp.request(port: node.port, "GET", "/healthz").status == 503)
                let refused = try visitor.call("POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"during"}"#)
                #expect(refused.status == 503)
                let error = try refused.json()["error"]
                #expect(error?["code"]?.stringValue == "unavailable")
                #expect(error?["message"]?.stringValue?.isEmpty == false)
                // The outage lasts a few seconds, so that everything retried on its own (the
                // hub's read of every quiet second, background maintenance, the reconnecting
                // threads) fails several times, which must not write a line each time.
                sleep(3)
                try reader.send(#"{"type":"ping"}"#)
                #expect(try reader.nextReply()["type"]?.stringValue == "pong", "the WebSocket did not stay open")

                try postgres.startServer()
                try eventually("/healthz to answer 200 again", timeoutSeconds: 60) {
                    try TestApp.request(port: node.port, "GET", "/healthz").status == 200
                }
                // Readers reconnect at their next use, the writer after its backoff (up to 5 s):
                // the send is retried, with one client_id so that it is stored once, until the
                // writer is back.
                var answer: RawResponse?
                try eventually("a write to succeed again", timeoutSeconds: 60) {
                    let response = try visitor.call("POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"after","client_id":"after-1"}"#)
                    answer = response
                    return response.status == 201
                }
                let after = try #require(answer).json()
                let delivered = try reader.events { $0.createdMessageID != nil }.last
                #expect(delivered?.createdMessageID == after["id"]?.stringValue)
                #expect(delivered?["data"]?["text"]?.stringValue == "after")

                #expect(node.stop() == 0)
                let log = node.process.standardError.split(separator: "\n")
                #expect(log.count { $0.contains("lost the database") } == 1, "\(log)")
                #expect(log.count { $0.contains("the database is back") } == 1, "\(log)")
                // No message repeats: each task that failed for the outage left the telling to
                // the two lines above. A line is `time level message key=value...`.
                let messages = log.map { $0.split(separator: " ").dropFirst(2).prefix { !$0.contains("=") }.joined(separator: " ") }
                #expect(Set(messages).count == messages.count, "\(log)")
            }
        }
    }
}
