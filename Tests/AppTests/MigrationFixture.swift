import Glibc
import JSON
import Testing
import TestSupport

/// What `MigrateToTests` puts into a server before the move, and the questions it asks the
/// servers before and after: two websites; chats with metadata (an integer beyond 2^53, one
/// beyond 64 bits, fractions, nested keys, arrays); messages with and without `client_id`; read
/// marks of several principals; changed chats (events with `route_before`); a rated chat; and event cursors
/// taken midway. Tokens are minted once, before the move, so that answering them after it shows
/// that every website kept its id and secret.
struct MigrationFixture: Sendable {
    /// Tokens by the name the questions use.
    let tokens: [String: String]
    let chatIDs: [String]
    /// An attachment the visitor sent, whose bytes must move too.
    let attachmentID: String
    static let attachmentBytes = Array("the bytes of an attachment\n".utf8)
    /// Questions by caller name: paths whose answers must be the same before and after.
    let questions: [(caller: String, path: String)]

    /// Fills a server and takes the cursors the questions replay.
    static func fill(_ app: TestApp) throws -> MigrationFixture {
        let shop = try app.createWebsite("Shop")
        let other = try app.createWebsite("Other shop")
        let tokens = [
            "admin": TestApp.token(website: shop.id, secret: shop.secret, role: "admin", sub: "root"),
            "ada": TestApp.token(website: shop.id, secret: shop.secret, role: "agent", sub: "ada"),
            "bob": TestApp.token(website: shop.id, secret: shop.secret, role: "agent", sub: "bob"),
            "vera": TestApp.token(website: shop.id, secret: shop.secret, role: "visitor", sub: "vera"),
            "other": TestApp.token(website: other.id, secret: other.secret, role: "agent", sub: "ada"),
        ]
        let callers = tokens.mapValues { TestApp.Caller(app: app, token: $0, source: nil) }
        func caller(_ name: String) -> TestApp.Caller { callers[name]! }

        let order = try caller("admin").expect(201, "POST", "/api/v1/chats", json: """
            {"title": "Order", "metadata": {"project_id": 123, "big": 9007199254740993, "ratio": 0.1,
             "owner": {"team": "core"}, "tags": ["vip", 1234567890123456789, 2.5], "beyond": 18446744073709551617}}
            """)["id"]!.stringValue!
        let question = try caller("vera").expect(201, "POST", "/api/v1/messages", json: """
            {"text": "Hello", "client_id": "vera-1", "metadata": {"project_id": 456, "ratio": 2.5}}
            """)["chat"]!["id"]!.stringValue!
        _ = try caller("ada").expect(201, "POST", "/api/v1/chats/\(question)/messages", json: #"{"text": "How can I help?", "client_id": "ada-1"}"#)

        var midway: [(caller: String, cursor: String?)] = []
        for name in ["ada", "vera"] {
            midway.append((name, try caller(name).expect(200, "GET", "/api/v1/events")["cursor"]?.stringValue))
        }
        _ = try caller("vera").expect(201, "POST", "/api/v1/chats/\(question)/messages", json: #"{"text": "My order", "client_id": "vera-2"}"#)
        _ = try caller("ada").expect(200, "PATCH", "/api/v1/chats/\(order)", json: #"{"status": "pending", "metadata_merge": {"big": 9007199254740992}}"#)
        _ = try caller("bob").expect(200, "PATCH", "/api/v1/chats/\(question)", json: #"{"assignee_id": "bob", "priority": 2}"#)
        _ = try caller("ada").expect(201, "POST", "/api/v1/chats/\(order)/messages", json: #"{"text": "Checking", "client_id": "ada-2"}"#)
        _ = try caller("bob").expect(201, "POST", "/api/v1/chats/\(order)/messages", json: #"{"text": "On it"}"#)
        let archived = try caller("admin").expect(201, "POST", "/api/v1/chats", json: """
            {"title": "Old", "metadata": {"project_id": 123, "huge": 1234567890123456789}}
            """)["id"]!.stringValue!
        _ = try caller("admin").expect(200, "PATCH", "/api/v1/chats/\(archived)", json: #"{"is_archived": true}"#)
        for (name, chat, seq) in [("ada", question, 2), ("bob", order, 1), ("vera", question, 3), ("admin", order, 2)] {
            _ = try caller(name).expect(204, "POST", "/api/v1/chats/\(chat)/read", json: #"{"seq": \#(seq)}"#)
        }
        // The visitor sends a file: its row and its bytes move.
        let upload = try AttachmentAPITests.upload(caller("vera"), chat: question, name: "notes.txt", type: "text/plain", attachmentBytes)
        let attachmentID = try #require(try upload.json()["id"]?.stringValue, "\(upload.text)")
        try AttachmentAPITests.send(caller("vera"), chat: question, [attachmentID])
        // The visitor ends and rates her chat: its rating moves with it.
        _ = try caller("vera").expect(200, "POST", "/api/v1/chats/\(question)/end")
        _ = try caller("vera").expect(200, "POST", "/api/v1/chats/\(question)/rating", json: #"{"score": 2, "comment": "Slow"}"#)
        let otherStart = try #require(caller("other").expect(200, "GET", "/api/v1/events")["cursor"]?.stringValue)
        let elsewhere = try caller("other").expect(201, "POST", "/api/v1/chats", json: #"{"metadata": {"project_id": 123}}"#)["id"]!.stringValue!
        _ = try caller("other").expect(201, "POST", "/api/v1/chats/\(elsewhere)/messages", json: #"{"text": "Same client id", "client_id": "ada-1"}"#)
        // The questions' cursors are the realtime hub's position, which follows the commits a
        // moment later: they are asked once it has reached the last write.
        try eventually("the hub has routed the last event") {
            try caller("other").expect(200, "GET", "/api/v1/events?cursor=\(otherStart)")["events"]?.arrayValue?.count == 2
        }

        let chatIDs = [order, question, archived, elsewhere]
        let firstPage = try caller("ada").expect(200, "GET", "/api/v1/chats?order=created_at&limit=1")
        var questions: [(caller: String, path: String)] = []
        for (name, cursor) in midway {
            let cursor = try #require(cursor)
            questions.append((name, "/api/v1/events?cursor=\(cursor)&limit=1000"))
        }
        questions.append(("ada", "/api/v1/chats?order=created_at&limit=1&cursor=\(try #require(firstPage["next_cursor"]?.stringValue))"))
        for name in tokens.keys.sorted() {
            questions.append((name, "/api/v1/chats?limit=200"))
            questions.append((name, "/api/v1/events"))
            for filter in ["metadata__big=9007199254740993", "metadata__big=9007199254740992", "metadata__ratio__lt=0.2",
                           "metadata__project_id__in=123,456", "metadata__huge__gt=1234567890123456788", "metadata__tags=2.5",
                           "metadata__owner__team=core", "status=pending", "is_archived=true", "rating__lte=2", "rating=null"] {
                questions.append((name, "/api/v1/chats?\(filter)"))
            }
            for chat in chatIDs {
                questions.append((name, "/api/v1/chats/\(chat)"))
                questions.append((name, "/api/v1/chats/\(chat)/messages?limit=200"))
            }
        }
        return MigrationFixture(tokens: tokens, chatIDs: chatIDs, attachmentID: attachmentID, questions: questions)
    }

    /// Every question's answer, status and body, by caller and path; and the operator's list of
    /// websites.
    func answers(_ app: TestApp) throws -> [String: JSONValue] {
        var answers: [String: JSONValue] = [:]
        for (name, path) in questions {
            let response = try TestApp.Caller(app: app, token: tokens[name]!, source: nil).call("GET", path)
            answers["\(name) GET \(path)"] = ["status": .int(response.status), "body": try response.json()]
        }
        let websites = try app.request("GET", "/api/v1/websites", headers: app.operatorHeader)
        answers["operator GET /api/v1/websites"] = ["status": .int(websites.status), "body": try websites.json()]
        return answers
    }

    /// After the move, new rows are numbered after the old ones: a message continues its chat's
    /// seq, its event takes the id after the newest before the move, and a new chat is stored
    /// (its row number is not one taken).
    func expectNumberingContinues(_ app: TestApp, before: [String: JSONValue]) throws {
        let heads = try tokens.keys.map { name in
            try #require(before["\(name) GET /api/v1/events"]?["body"]?["cursor"]?.stringValue)
        }
        let epoch = try #require(heads.first?.split(separator: ".").first.map(String.init))
        let newest = try heads.map { try #require(Int($0.split(separator: ".").last ?? "")) }.max() ?? 0
        let ada = TestApp.Caller(app: app, token: tokens["ada"]!, source: nil)
        let adaHead = try #require(before["ada GET /api/v1/events"]?["body"]?["cursor"]?.stringValue)
        let order = chatIDs[0]
        let sent = try ada.expect(201, "POST", "/api/v1/chats/\(order)/messages", json: #"{"text": "After the move", "client_id": "ada-3"}"#)
        let messages = try #require(before["ada GET /api/v1/chats/\(order)/messages?limit=200"]?["body"]?["messages"]?.arrayValue)
        #expect(sent["seq"] == .int(messages.count + 1))
        let repeated = try ada.call("POST", "/api/v1/chats/\(order)/messages", json: #"{"text": "Checking", "client_id": "ada-2"}"#)
        #expect(repeated.status == 200, "a client_id from before the move is still known")

        // The realtime hub learns of the commit from PostgreSQL's notification, a moment later.
        var events: [JSONValue] = []
        for _ in 0..<100 where events.isEmpty {
            events = try #require(try ada.expect(200, "GET", "/api/v1/events?cursor=\(adaHead)")["events"]?.arrayValue)
            if events.isEmpty { usleep(50_000) }
        }
        #expect(events.count == 1)
        #expect(events.first?["type"] == "message.created")
        #expect(events.first?["id"] == .string("\(epoch).\(newest + 1)"))

        let created = try ada.expect(201, "POST", "/api/v1/chats", json: #"{"title": "New after the move"}"#)
        let id = try #require(created["id"]?.stringValue)
        _ = try ada.expect(201, "POST", "/api/v1/chats/\(id)/messages", json: #"{"text": "First"}"#)
        #expect(try ada.expect(200, "GET", "/api/v1/chats/\(id)")["message_count"] == 1)
    }
}
