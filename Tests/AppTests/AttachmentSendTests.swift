import App
import JSON
import Testing
import TestSupport

/// Sending attachments (contract §8, issue 16 points 1 and 2): every send path takes
/// `attachment_ids`, the message and its event carry the Attachment objects, each upload is sent
/// once by its uploader to its chat, uploads never sent go after their lifetime, and a file goes
/// with the last row that names its bytes. On SQLite, where attachment files are kept.
@Suite struct AttachmentSendTests {
    typealias Files = AttachmentAPITests

    /// An upload of `bytes` as `text/plain` by `caller` to `chat`; returns its id.
    static func upload(_ caller: TestApp.Caller, chat: String, _ text: String, name: String = "a.txt") throws -> String {
        let response = try Files.upload(caller, chat: chat, name: name, type: "text/plain", Array(text.utf8))
        guard response.status == 201, let id = try response.json()["id"]?.stringValue else {
            throw RawClient.Failure(description: "upload: \(response.status) \(response.text)")
        }
        return id
    }

    static func path(_ app: TestApp, _ text: String) -> String {
        let sha = Files.sha256(Array(text.utf8))
        return app.dataDirectory + "/attachments/" + sha.prefix(2) + "/" + sha
    }

    static func exists(_ path: String) -> Bool {
        (try? readFile(path)) != nil
    }

    @Test func everySendPathTakesAttachmentIDsAndTheMessageAndItsEventCarryThem() async throws {
        try await Files.withSQLiteApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let agent = app.caller(site, role: "agent", sub: "a1")
            let chat = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            let cursor = try agent.poll(cursor: nil).cursor

            // REST on the chat, with no text: the message is its attachments.
            let first = try Self.upload(visitor, chat: chat, "first file", name: "one.txt")
            let second = try Self.upload(visitor, chat: chat, "second file", name: "two.txt")
            let message = try Files.send(visitor, chat: chat, [second, first])
            #expect(message["text"]?.stringValue == "")
            let carried = message["attachments"]?.arrayValue ?? []
            #expect(carried.map { $0["id"]?.stringValue } == [second, first], "in the order named")
            #expect(carried.first?["name"]?.stringValue == "two.txt")
            #expect(carried.first?["size"]?.intValue == "second file".utf8.count)
            #expect(carried.first?["chat_id"]?.stringValue == chat)

            // POST /messages with chat_id, and a text beside the file.
            let third = try Self.upload(visitor, chat: chat, "third file")
            let viaMessages = try visitor.expect(201, "POST", "/api/v1/messages",
                                                 json: #"{"chat_id":"\#(chat)","text":"see attached","attachment_ids":["\#(third)"]}"#)
            #expect(viaMessages["message"]?["attachments"]?.arrayValue?.map { $0["id"]?.stringValue } == [third])
            #expect(viaMessages["chat"]?["last_message"]?["attachments"]?.arrayValue?.count == 1)

            // The WebSocket send, acknowledged with the message.
            let fourth = try Self.upload(visitor, chat: chat, "fourth file")
            let socket = try app.realtime(visitor.token)
            try socket.send(#"{"type":"send","chat_id":"\#(chat)","client_id":"ws-1","attachment_ids":["\#(fourth)"]}"#)
            var ack = JSONValue.null
            while ack["type"]?.stringValue != "ack" { ack = try socket.nextReply() }
            #expect(ack["message"]?["attachments"]?.arrayValue?.map { $0["id"]?.stringValue } == [fourth])

            // Messages without attachments carry an empty list; lists and events carry them all.
            let plain = try visitor.sendMessage("just words", chat: chat)
            #expect(plain["attachments"]?.arrayValue?.isEmpty == true)
            let listed = try agent.expect(200, "GET", "/api/v1/chats/\(chat)/messages")["messages"]?.arrayValue ?? []
            #expect(listed.map { $0["attachments"]?.arrayValue?.count ?? -1 } == [2, 1, 1, 0])
            let events = try agent.poll(cursor: cursor).events.filter { $0["type"]?.stringValue == "message.created" }
            #expect(events.map { $0["data"]?["attachments"]?.arrayValue?.count ?? -1 } == [2, 1, 1, 0])

            // Once sent, everyone who sees the chat downloads it.
            for caller in [visitor, agent, app.caller(site, role: "admin", sub: "boss")] {
                #expect(try caller.call("GET", "/api/v1/attachments/\(first)").body == Array("first file".utf8))
            }
        }
    }

    @Test func anUploadIsSentOnceByItsUploaderToItsOwnChat() async throws {
        try await Files.withSQLiteApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let agent = app.caller(site, role: "agent", sub: "a1")
            let chat = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            let otherChat = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            let mine = try Self.upload(visitor, chat: chat, "mine")
            let elsewhere = try Self.upload(visitor, chat: otherChat, "elsewhere")
            let agents = try Self.upload(agent, chat: chat, "the agent's")

            // Before it is sent an upload is its uploader's alone (it may be meant for a note).
            #expect(try visitor.call("GET", "/api/v1/attachments/\(mine)").status == 200)
            #expect(try agent.call("GET", "/api/v1/attachments/\(mine)").status == 404)
            #expect(try visitor.call("GET", "/api/v1/attachments/\(agents)").status == 404)

            // The same answer whoever uploaded it, so a send learns nothing of others' uploads.
            let refusals: [(String, String)] = [
                ("another principal's upload", #"{"text":"x","attachment_ids":["\#(agents)"]}"#),
                ("an upload to another chat", #"{"text":"x","attachment_ids":["\#(elsewhere)"]}"#),
                ("an id that does not exist", #"{"text":"x","attachment_ids":["\#(mine)","att_nothere"]}"#),
                ("the same id twice", #"{"text":"x","attachment_ids":["\#(mine)","\#(mine)"]}"#),
                ("eleven ids", #"{"text":"x","attachment_ids":[\#((0...10).map { "\"att_\($0)\"" }.joined(separator: ","))]}"#),
                ("not an array", #"{"text":"x","attachment_ids":"\#(mine)"}"#),
                ("no text and no attachments", #"{"attachment_ids":[]}"#),
            ]
            for (what, body) in refusals {
                let response = try visitor.call("POST", "/api/v1/chats/\(chat)/messages", json: body)
                #expect(response.status == 400, "\(what)")
                #expect(response.errorCode == "bad_field", "\(what)")
                #expect(response.text.contains(what.hasPrefix("no text") ? "text" : "attachment_ids"), "\(what): \(response.text)")
            }
            let newChat = try visitor.call("POST", "/api/v1/messages", json: #"{"text":"x","attachment_ids":["\#(mine)"]}"#)
            #expect(newChat.status == 400, "a new chat has no uploads yet")
            #expect(try visitor.expect(200, "GET", "/api/v1/chats/\(chat)")["message_count"]?.intValue == 0, "nothing was written")

            // Sent once; a retry with the same client_id is the same message, not a refusal.
            let body = #"{"text":"here","client_id":"c-1","attachment_ids":["\#(mine)"]}"#
            let sent = try visitor.expect(201, "POST", "/api/v1/chats/\(chat)/messages", json: body)
            let retry = try visitor.call("POST", "/api/v1/chats/\(chat)/messages", json: body)
            #expect(retry.status == 200)
            #expect(try retry.json()["id"] == sent["id"])
            let again = try visitor.call("POST", "/api/v1/chats/\(chat)/messages", json: #"{"text":"again","attachment_ids":["\#(mine)"]}"#)
            #expect(again.status == 409, "sent already")
            #expect(again.errorCode == "conflict")
            #expect(try visitor.expect(200, "GET", "/api/v1/chats/\(chat)")["message_count"]?.intValue == 1)
        }
    }

    @Test func aNotesAttachmentsAreHiddenFromTheVisitorLikeTheNote() async throws {
        try await Files.withSQLiteApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let agent = app.caller(site, role: "agent", sub: "a1")
            let chat = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            let findings = try Self.upload(agent, chat: chat, "internal findings")
            let note = try Files.send(agent, chat: chat, [findings], text: "for the team", type: "note")
            #expect(note["attachments"]?.arrayValue?.first?["id"]?.stringValue == findings)
            #expect(try app.caller(site, role: "agent", sub: "a2").call("GET", "/api/v1/attachments/\(findings)").status == 200)
            #expect(try visitor.call("GET", "/api/v1/attachments/\(findings)").status == 404)
            let admin = app.caller(site, role: "admin", sub: "boss")
            let export = try admin.expect(200, "GET", "/api/v1/visitors/v1/export")
            #expect(export["attachments"]?.arrayValue?.isEmpty == true, "no note's attachment in the visitor's export")

            let shared = try Self.upload(visitor, chat: chat, "the visitor's file")
            try Files.send(visitor, chat: chat, [shared])
            let exported = try admin.expect(200, "GET", "/api/v1/visitors/v1/export")["attachments"]?.arrayValue ?? []
            #expect(exported.map { $0["id"]?.stringValue } == [shared])
        }
    }

    @Test func uploadsNeverSentGoAfterTheirLifetimeAndSentOnesStay() async throws {
        try await Files.withSQLiteApp(configure: { $0.unsentAttachmentLifetime = .seconds(1) }) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let chat = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            // Sent within its second; a machine too slow for that uploads it again.
            var kept = ""
            for _ in 0..<20 where kept.isEmpty {
                let upload = try Self.upload(visitor, chat: chat, "sent in time")
                let body = #"{"attachment_ids":["\#(upload)"]}"#
                if try visitor.call("POST", "/api/v1/chats/\(chat)/messages", json: body).status == 201 { kept = upload }
            }
            #expect(!kept.isEmpty)
            let forgotten = try Self.upload(visitor, chat: chat, "never sent")
            // The same bytes as a sent upload: the file stays for the sent one. (The unsent
            // upload's file may be gone already: its lifetime is a second, however slow the run.)
            let twin = try Self.upload(visitor, chat: chat, "sent in time")

            try eventually("the unsent uploads are deleted") {
                try visitor.call("GET", "/api/v1/attachments/\(forgotten)").status == 404
                    && visitor.call("GET", "/api/v1/attachments/\(twin)").status == 404
            }
            try eventually("the file no row names is deleted") { !Self.exists(Self.path(app, "never sent")) }
            #expect(Self.exists(Self.path(app, "sent in time")))
            #expect(try visitor.call("GET", "/api/v1/attachments/\(kept)").body == Array("sent in time".utf8))
            let late = try visitor.call("POST", "/api/v1/chats/\(chat)/messages", json: #"{"attachment_ids":["\#(forgotten)"]}"#)
            #expect(late.status == 400)
        }
    }

    @Test func deletingAVisitorsDataDeletesTheFilesNoOtherAttachmentNames() async throws {
        try await Files.withSQLiteApp { app in
            let site = try app.createWebsite()
            let leaving = app.caller(site, role: "visitor", sub: "v1")
            let staying = app.caller(site, role: "visitor", sub: "v2")
            let chat = try leaving.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            let otherChat = try staying.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            try Files.send(leaving, chat: chat, [try Self.upload(leaving, chat: chat, "only theirs")])
            try Files.send(leaving, chat: chat, [try Self.upload(leaving, chat: chat, "also someone else's")])
            let kept = try Self.upload(staying, chat: otherChat, "also someone else's")
            try Files.send(staying, chat: otherChat, [kept])

            let admin = app.caller(site, role: "admin", sub: "boss")
            #expect(try admin.call("DELETE", "/api/v1/visitors/v1").status == 204)
            #expect(!Self.exists(Self.path(app, "only theirs")))
            #expect(Self.exists(Self.path(app, "also someone else's")))
            #expect(try staying.call("GET", "/api/v1/attachments/\(kept)").body == Array("also someone else's".utf8))
        }
    }
}
