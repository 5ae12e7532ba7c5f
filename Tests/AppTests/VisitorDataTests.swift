import Glibc
import JSON
import StoreTestSupport
import Testing
import TestSupport

/// A visitor's data (contract §11, issue 19 point 6): an admin's export holds every chat and
/// message of the visitor and no note; a deletion leaves nothing of them on any path — lists,
/// chats, polls and replays — and on SQLite not even in the database's files, while other
/// visitors' data stays.
@Suite struct VisitorDataTests {
    static let secret = "ERASE-ME-7f3a9"

    @Test func theExportHoldsEveryChatAndMessageButNoNote() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let agent = app.caller(site, role: "agent", sub: "a1")
            let admin = app.caller(site, role: "admin", sub: "boss")
            let first = try #require(visitor.sendMessage("first chat")["chat_id"]?.stringValue)
            _ = try agent.expect(201, "POST", "/api/v1/chats/\(first)/messages", json: #"{"text":"staff only","type":"note"}"#)
            try agent.sendMessage("a reply", chat: first)
            _ = try visitor.sendMessage("second chat")
            _ = try app.caller(site, role: "visitor", sub: "v2").sendMessage("someone else")
            let export = try admin.expect(200, "GET", "/api/v1/visitors/v1/export")
            let chats = export["chats"]?.arrayValue ?? []
            #expect(export["visitor_id"]?.stringValue == "v1")
            #expect(chats.count == 2)
            #expect(chats.map { ($0["messages"]?.arrayValue ?? []).map { $0["text"]?.stringValue ?? "" } } == [["first chat", "a reply"], ["second chat"]])
            #expect(!export.jsonText.contains("staff only") && !export.jsonText.contains("someone else"))
            #expect(export["attachments"]?.arrayValue?.isEmpty == true)
            #expect(try agent.call("GET", "/api/v1/visitors/v1/export").status == 403)
            let scoped = app.caller(site, role: "admin", sub: "boss", scope: ["metadata": ["team": "a"]])
            #expect(try scoped.call("GET", "/api/v1/visitors/v1/export").status == 403)
            #expect(try visitor.call("DELETE", "/api/v1/visitors/v1").status == 403)
        }
    }

    @Test func aDeletionLeavesNothingOfTheVisitorAndKeepsEveryoneElse() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let other = app.caller(site, role: "visitor", sub: "v2")
            let agent = app.caller(site, role: "agent", sub: "a1")
            let admin = app.caller(site, role: "admin", sub: "boss")
            let start = try agent.poll(cursor: nil).cursor
            let chat = try #require(visitor.sendMessage("\(Self.secret) my address")["chat_id"]?.stringValue)
            _ = try admin.expect(200, "PATCH", "/api/v1/chats/\(chat)", json: #"{"metadata":{"note":"\#(Self.secret)"}}"#)
            try agent.sendMessage("got it", chat: chat)
            _ = try visitor.call("POST", "/api/v1/chats/\(chat)/read", json: #"{"seq":2}"#)
            let kept = try #require(other.sendMessage("keep me")["chat_id"]?.stringValue)

            #expect(try admin.call("DELETE", "/api/v1/visitors/v1").status == 204)

            #expect(try admin.call("GET", "/api/v1/chats/\(chat)").status == 404)
            let listed = try admin.call("GET", "/api/v1/chats")
            #expect(!listed.text.contains(chat) && listed.text.contains(kept))
            #expect(try visitor.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.isEmpty == true)
            let polled = try agent.call("GET", "/api/v1/events?cursor=\(start)")
            #expect(!polled.text.contains(chat) && !polled.text.contains(Self.secret), "\(polled.text.prefix(300))")
            #expect(polled.text.contains("keep me"))
            let replay = try app.realtime(agent.token, cursor: start)
            let replayed = try replay.events { $0["data"]?["text"]?.stringValue == "keep me" }
            #expect(!replayed.contains { $0["chat_id"]?.stringValue == chat })
            #expect(try admin.expect(200, "GET", "/api/v1/visitors/v1/export")["chats"]?.arrayValue?.isEmpty == true)
            #expect(try other.expect(200, "GET", "/api/v1/chats/\(kept)/messages")["messages"]?.arrayValue?.count == 1)

            // The bytes themselves: SQLite zeroes what it frees and the log was emptied. (On
            // PostgreSQL the space is vacuumed for reuse; docs/API.md says what that means.)
            if TestBackend.current == .sqlite {
                for file in ["webchat.sqlite3", "webchat.sqlite3-wal"] {
                    let path = app.dataDirectory + "/" + file
                    guard access(path, F_OK) == 0 else { continue }  // an emptied log may be gone
                    let text = String(decoding: try readFile(path), as: UTF8.self)
                    #expect(!text.contains(Self.secret), "\(file) still holds the deleted text")
                }
            }
        }
    }
}

/// A visitor's own name and email (contract §11, `PATCH /me`): checked, shown by every chat of
/// theirs with a `chat.updated` event, and by the chats they start afterwards.
@Suite struct VisitorProfileTests {
    @Test func aVisitorNamesThemselvesAndTheirChatsFollow() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1", name: "Token Name")
            let agent = app.caller(site, role: "agent", sub: "a1")
            let chatID = try #require(visitor.sendMessage("hello")["chat_id"]?.stringValue)
            let watching = try app.realtime(agent.token)
            let me = try visitor.expect(200, "PATCH", "/api/v1/me", json: #"{"name":"  Ada  ","email":"ada@example.com"}"#)
            #expect(me.jsonText == #"{"id":"v1","name":"Ada","email":"ada@example.com"}"#)
            let updated = try watching.events { $0["type"]?.stringValue == "chat.updated" }.last
            #expect(updated?["data"]?["visitor"]?["name"]?.stringValue == "Ada")
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(chatID)")["visitor"]?["email"]?.stringValue == "ada@example.com")
            let later = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")
            #expect(later["visitor"]?["name"]?.stringValue == "Ada", "a new chat starts with the visitor's own name")
            // Clearing one keeps the other.
            #expect(try visitor.expect(200, "PATCH", "/api/v1/me", json: #"{"email":null}"#).jsonText == #"{"id":"v1","name":"Ada"}"#)
            // An `@` or `.` followed by a combining mark is still one (the rule is on code points).
            let marked = "a@\u{1F3FB}b.\u{301}c"
            #expect(try visitor.expect(200, "PATCH", "/api/v1/me", json: #"{"email":"\#(marked)"}"#)["email"]?.stringValue == marked)
            for (body, field) in [(#"{"email":"not an address"}"#, "email"), (#"{"email":"a@b"}"#, "email"), (#"{"name":""}"#, "name"),
                                  (#"{"nickname":"x"}"#, "nickname"), ("{}", "name, email")] {
                let refused = try visitor.call("PATCH", "/api/v1/me", json: body)
                #expect(refused.status == 400 && refused.errorCode == "bad_field", "\(body)")
                #expect(refused.text.contains(field), "\(body): \(refused.text)")
            }
            #expect(try agent.call("PATCH", "/api/v1/me", json: #"{"name":"Agent"}"#).status == 403)
        }
    }

    /// The search index forgets a deleted visitor: their words find nothing, and on SQLite the
    /// folded terms are in neither the database file nor its log (FTS5 keeps a deleted entry's
    /// terms in older segments until they are merged, which the deletion does). The word starts
    /// with a letter no other term does, so FTS5's prefix compression stores it whole, and the
    /// files are seen to hold it before the deletion: the check can fail.
    @Test func aDeletionLeavesNoSearchEntry() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let agent = app.caller(site, role: "agent", sub: "a1")
            let admin = app.caller(site, role: "admin", sub: "boss")
            let word = "xylophonist"
            let chat = try #require(visitor.sendMessage("my \(word) address")["chat_id"]?.stringValue)
            _ = try admin.expect(200, "PATCH", "/api/v1/chats/\(chat)", json: #"{"title":"\#(word) case"}"#)
            _ = try agent.expect(201, "POST", "/api/v1/chats/\(chat)/messages", json: #"{"text":"\#(word) note","type":"note"}"#)
            _ = try app.caller(site, role: "visitor", sub: "v2").sendMessage("keep looking")
            func files() throws -> String {
                try ["webchat.sqlite3", "webchat.sqlite3-wal"].map { file in
                    let path = app.dataDirectory + "/" + file
                    return access(path, F_OK) == 0 ? String(decoding: try readFile(path), as: UTF8.self) : ""
                }.joined()
            }
            #expect(try agent.expect(200, "GET", "/api/v1/chats?q=\(word)")["chats"]?.arrayValue?.count == 1)
            if TestBackend.current == .sqlite { #expect(try files().contains(word)) }

            #expect(try admin.call("DELETE", "/api/v1/visitors/v1").status == 204)

            #expect(try agent.expect(200, "GET", "/api/v1/chats?q=\(word)")["chats"]?.arrayValue?.isEmpty == true)
            #expect(try agent.expect(200, "GET", "/api/v1/chats?q=keep")["chats"]?.arrayValue?.count == 1, "others stay found")
            if TestBackend.current == .sqlite { #expect(try !files().contains(word), "the files still hold the deleted words") }
        }
    }
}
