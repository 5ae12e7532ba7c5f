import JSON
import Testing
import TestSupport

/// Notes (contract §10): staff write them into a chat, and no path a visitor has shows one — not
/// a message list at any paging, not `last_message`, not an unread count, not an event live,
/// replayed or polled, not a search. Every visitor path is walked after two notes were written (one through
/// each REST send), and the same paths are checked to show the notes to staff, so the test
/// cannot pass by showing notes to nobody.
@Suite struct NoteVisibilityTests {
    static let secret = "NOTE-SECRET"

    @Test func noPathAVisitorHasShowsANote() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v-1")
            let agent = app.caller(site, role: "agent", sub: "a-1")
            let chatID = try #require(visitor.sendMessage("hello")["chat_id"]?.stringValue)
            let visitorStart = try visitor.poll(cursor: nil).cursor
            let agentStart = try agent.poll(cursor: nil).cursor
            let live = try app.realtime(visitor.token)
            let staffLive = try app.realtime(agent.token)

            let first = try agent.expect(201, "POST", "/api/v1/chats/\(chatID)/messages",
                                         json: #"{"text":"\#(Self.secret) one","type":"note"}"#)
            #expect(first["type"]?.stringValue == "note")
            #expect(first["seq"]?.intValue == 2)
            let second = try agent.expect(201, "POST", "/api/v1/messages",
                                          json: #"{"chat_id":"\#(chatID)","text":"\#(Self.secret) two","type":"note"}"#)
            #expect(second["message"]?["seq"]?.intValue == 3)
            #expect(second["chat"]?["last_message"]?["text"]?.stringValue == "hello", "a note never becomes the last message")

            // Between the notes and the next message a visitor sees: the chat as it stands.
            try Self.expectNoNote(try visitor.call("GET", "/api/v1/chats"), "the visitor's chat list")
            let chat = try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)")
            #expect(chat["last_message"]?["text"]?.stringValue == "hello")
            #expect(chat["unread_count"]?.intValue == 0, "notes are not unread for a visitor")
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(chatID)")["unread_count"]?.intValue == 1,
                    "the visitor's message; the agent's own notes are not unread to it")
            let latest = try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)/messages?limit=1")
            #expect(latest["messages"]?.arrayValue?.first?["text"]?.stringValue == "hello", "the latest a visitor sees is not a note")

            try agent.sendMessage("visible reply", chat: chatID)
            let isReply = { (event: JSONValue) in event["data"]?["text"]?.stringValue == "visible reply" }

            // Live, replayed and polled events.
            for event in try live.events(until: isReply) { try Self.expectNoNote(event.jsonText, "a live event") }
            let replay = try app.realtime(visitor.token, cursor: visitorStart)
            for event in try replay.events(until: isReply) { try Self.expectNoNote(event.jsonText, "a replayed event") }
            let polled = try visitor.call("GET", "/api/v1/events?cursor=\(visitorStart)")
            try Self.expectNoNote(polled, "a poll")
            #expect(polled.text.contains("visible reply"))
            // Lists at every paging, the chat, the list of chats.
            for query in ["", "?limit=1", "?after_seq=1", "?after_seq=2&limit=1", "?before_seq=4", "?before_seq=4&limit=1"] {
                let page = try visitor.call("GET", "/api/v1/chats/\(chatID)/messages\(query)")
                try Self.expectNoNote(page, "messages\(query)")
            }
            let beforeReply = try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)/messages?before_seq=4&limit=1")
            #expect(beforeReply["messages"]?.arrayValue?.first?["seq"]?.intValue == 1,
                    "a page of one before the reply is the visitor's own message, not the note next to it")
            try Self.expectNoNote(try visitor.call("GET", "/api/v1/chats/\(chatID)"), "the chat")
            try Self.expectNoNote(try visitor.call("GET", "/api/v1/chats?status=open"), "a filtered chat list")
            // Search: a note's words find nothing for a visitor, and no snippet shows a note.
            let searched = try visitor.call("GET", "/api/v1/chats?q=secret")
            try Self.expectNoNote(searched, "a search for a note's word")
            #expect(try searched.json()["chats"]?.arrayValue?.isEmpty == true, "a note's word finds the chat")
            try Self.expectNoNote(try visitor.call("GET", "/api/v1/chats?q=hello"), "a search")
            #expect(try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)")["unread_count"]?.intValue == 1, "only the reply")
            // The visitor's own send answers with the chat.
            let sent = try visitor.call("POST", "/api/v1/messages", json: #"{"chat_id":"\#(chatID)","text":"thanks"}"#)
            try Self.expectNoNote(sent, "the answer to a visitor's send")

            // Staff see both notes on the same paths.
            let staffMessages = try agent.call("GET", "/api/v1/chats/\(chatID)/messages")
            #expect(staffMessages.text.contains("\(Self.secret) one") && staffMessages.text.contains("\(Self.secret) two"))
            #expect(try agent.call("GET", "/api/v1/events?cursor=\(agentStart)").text.contains("\(Self.secret) two"))
            #expect(try agent.call("GET", "/api/v1/chats?q=secret").text.contains("\(Self.secret) two"), "staff find notes")
            let staffEvents = try staffLive.events(until: isReply)
            #expect(staffEvents.filter { $0["data"]?["type"]?.stringValue == "note" }.count == 2)
        }
    }

    @Test func visitorsCannotWriteNotesAndClientsCannotWriteSystemMessages() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v-1")
            let agent = app.caller(site, role: "agent", sub: "a-1")
            let chatID = try #require(visitor.sendMessage("hello")["chat_id"]?.stringValue)
            let refused = try visitor.call("POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"mine","type":"note"}"#)
            #expect(refused.status == 403)
            #expect(refused.errorCode == "forbidden")
            #expect(try visitor.call("POST", "/api/v1/messages", json: #"{"text":"new","type":"note"}"#).status == 403)
            let system = try agent.call("POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"x","type":"system"}"#)
            #expect(system.status == 400)
            #expect(system.errorCode == "bad_field")
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(chatID)/messages")["messages"]?.arrayValue?.count == 1,
                    "nothing of the refused sends was stored")
            #expect(try agent.expect(200, "GET", "/api/v1/chats").jsonText.contains("\"message_count\":1"))
        }
    }

    static func expectNoNote(_ response: RawResponse, _ path: String) throws {
        #expect(response.status == 200 || response.status == 201, "\(path): \(response.status)")
        try expectNoNote(response.text, path)
    }

    static func expectNoNote(_ text: String, _ path: String) throws {
        #expect(!text.contains(secret), "\(path) shows a note: \(text.prefix(300))")
        #expect(!text.contains(#""type":"note""#), "\(path) shows a note: \(text.prefix(300))")
    }
}
