import JSON
import Testing
import TestSupport

/// The realtime protocol of contract §5 against a real server: hello, welcome, live events,
/// commands and their errors, close codes.
@Suite struct RealtimeProtocolTests {
    @Test func helloWelcomesThenLiveEventsFollowInOrder() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = try RealtimeClient(app)
            let welcome = try agent.hello(TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1", name: "Ann"))
            #expect(welcome["principal"]?.jsonText == #"{"id":"a1","role":"agent","name":"Ann"}"#)
            #expect(welcome["cursor"]?.stringValue?.isEmpty == false)
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let message = try visitor.sendMessage("hello")
            let events = try agent.events { $0["type"]?.stringValue == "message.created" }
            #expect(events.compactMap { $0["type"]?.stringValue }.filter { $0 != "presence" } == ["chat.created", "message.created"])
            #expect(events.last?["data"]?.jsonText == message.jsonText)
            // One encoded frame serves every receiver, so the chat in chat.* events has no unread_count.
            let created = events.first { $0["type"]?.stringValue == "chat.created" }
            #expect(created?["data"]?["id"] != nil)
            #expect(created?["data"]?["unread_count"] == nil)
            let ids = events.compactMap { $0["id"]?.stringValue }
            #expect(Set(ids).count == ids.count)
        }
    }

    @Test func aBadTokenOrAnotherFirstMessageCloses4401() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let forged = TestApp.token(website: site.id, secret: String(repeating: "x", count: 86), role: "agent", sub: "a1")
            for first in [#"{"type":"hello","token":"\#(forged)"}"#, #"{"type":"ping"}"#, #"{"type":"hello"}"#] {
                let client = try RealtimeClient(app)
                try client.send(first)
                let error = try client.next()
                #expect(error["type"]?.stringValue == "error")
                #expect(error["code"]?.stringValue == "unauthorized")
                #expect(client.closeCode() == 4401)
            }
        }
    }

    @Test func noHelloWithinTenSecondsCloses4401() async throws {
        try await withApp { app in
            let client = try RealtimeClient(app)
            #expect(try client.next()["code"]?.stringValue == "unauthorized")
            #expect(client.closeCode() == 4401)
        }
    }

    @Test func aTokenThatExpiresWhileConnectedCloses4401() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            // Expired 58 s ago: still inside the 60 s leeway for the hello, out of it seconds later.
            let token = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1", expiresIn: -58)
            let client = try app.realtime(token)
            let error = try client.nextReply()
            // Contract §2: an expiry while connected is told apart from a bad token.
            #expect(error["code"]?.stringValue == "token_expired")
            #expect(client.closeCode() == 4401)
        }
    }

    @Test func aVisitorFromAnOriginOutsideTheListCloses4403() async throws {
        try await withApp { app in
            let site = try app.createWebsite(origins: ["https://shop.example"])
            let visitorToken = TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v1")
            let stranger = try RealtimeClient(app, origin: "https://evil.example")
            try stranger.send(#"{"type":"hello","token":"\#(visitorToken)"}"#)
            #expect(try stranger.next()["code"]?.stringValue == "forbidden_origin")
            #expect(stranger.closeCode() == 4403)
            try RealtimeClient(app, origin: "https://shop.example").hello(visitorToken)
            // Agents work from any page (a host app's own origin).
            try RealtimeClient(app, origin: "https://evil.example").hello(TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1"))
        }
    }

    @Test func badCommandsGetAnErrorAndTheConnectionStays() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let client = try app.realtime(TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1"))
            let cases: [(String, String)] = [
                ("not json", "bad_json"),
                (#"{"type":"launch"}"#, "bad_field"),
                (#"{"type":"filters","filters":{"colour":"red"}}"#, "bad_filter"),
                (#"{"type":"send","text":"","client_id":"c1"}"#, "bad_field"),
                (#"{"type":"send","text":"no client id"}"#, "bad_field"),
                (#"{"type":"send","text":"x","chat_id":"ch_missing","client_id":"c2"}"#, "not_found"),
                (#"{"type":"typing","chat_id":"ch_missing","state":"start","ref":"t1"}"#, "not_found"),
                (#"{"type":"typing","chat_id":"ch_missing","state":"dancing"}"#, "bad_field"),
                (#"{"type":"read","chat_id":"ch_missing","seq":1}"#, "not_found"),
                (#"{"type":"hello","token":"x"}"#, "bad_field"),
            ]
            for (command, code) in cases {
                try client.send(command)
                let error = try client.nextReply()
                #expect(error["type"]?.stringValue == "error", "\(command)")
                #expect(error["code"]?.stringValue == code, "\(command)")
            }
            try client.send(#"{"type":"send","text":"x","chat_id":"ch_missing","client_id":"c9"}"#)
            #expect(try client.nextReply()["ref"]?.stringValue == "c9")
            try client.send(#"{"type":"typing","chat_id":"ch_missing","state":"stop","ref":"r7"}"#)
            #expect(try client.nextReply()["ref"]?.stringValue == "r7")
            try client.send(#"{"type":"ping"}"#)
            #expect(try client.nextReply().jsonText == #"{"type":"pong"}"#)
        }
    }

    @Test func sendIsAcknowledgedAfterCommitAndIdempotent() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let client = try app.realtime(TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v1"))
            try client.send(#"{"type":"send","text":"first","client_id":"c1","metadata":{"page":"/pricing"}}"#)
            var ack: JSONValue?
            var created: [JSONValue] = []
            while ack == nil || created.count < 1 {
                let message = try client.next()
                if message["type"]?.stringValue == "ack" { ack = message }
                if message["type"]?.stringValue == "message.created" { created.append(message) }
            }
            #expect(ack?["client_id"]?.stringValue == "c1")
            #expect(ack?["chat"]?["metadata"]?.jsonText == #"{"page":"/pricing"}"#)
            #expect(ack?["chat"]?["unread_count"] == nil)
            #expect(ack?["message"]?.jsonText == created.first?["data"]?.jsonText)
            let chatID = try #require(ack?["chat"]?["id"]?.stringValue)
            // A retry with the same client_id answers the first message and stores nothing new.
            try client.send(#"{"type":"send","text":"first","client_id":"c1","chat_id":"\#(chatID)"}"#)
            let retry = try client.next()
            #expect(retry["type"]?.stringValue == "ack")
            #expect(retry["message"]?["seq"]?.intValue == 1)
            let messages = try app.caller(site, role: "admin", sub: "boss").expect(200, "GET", "/api/v1/chats/\(chatID)/messages")
            #expect(messages["messages"]?.arrayValue?.count == 1)
        }
    }

    @Test func typingReadAndPresenceReachTheOtherSide() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitorToken = TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v1")
            let visitor = try app.realtime(visitorToken)
            let chat = try app.caller(site, role: "visitor", sub: "v1").sendMessage("hi")
            let chatID = try #require(chat["chat_id"]?.stringValue)
            _ = try visitor.events { $0["type"]?.stringValue == "message.created" }
            let admin = try app.realtime(TestApp.token(website: site.id, secret: site.secret, role: "admin", sub: "boss"))
            _ = try admin.events { $0["type"]?.stringValue == "presence" }

            let bot = try app.realtime(TestApp.token(website: site.id, secret: site.secret, role: "bot", sub: "helper"))

            let agent = try app.realtime(TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1", name: "Ann"))
            // Bots, like agents and admins, see who of the staff comes online (contract §5).
            let seenByBot = try bot.events { $0["type"]?.stringValue == "presence" }.last
            #expect(seenByBot?["data"]?["principal"]?["id"]?.stringValue == "a1")
            let online = try admin.nextEvent()
            #expect(online["type"]?.stringValue == "presence")
            #expect(online["chat_id"] == nil)
            #expect(online["data"]?.jsonText == #"{"principal":{"id":"a1","role":"agent","name":"Ann"},"state":"online"}"#)

            // Visitors get no presence (contract §5 v2): the next thing this one sees is the typing.
            try agent.send(#"{"type":"typing","chat_id":"\#(chatID)","state":"start"}"#)
            let typing = try visitor.nextEvent()
            #expect(typing["type"]?.stringValue == "typing")
            #expect(typing["data"]?["state"]?.stringValue == "start")
            try agent.send(#"{"type":"read","chat_id":"\#(chatID)","seq":1}"#)
            let read = try visitor.nextEvent()
            #expect(read["type"]?.stringValue == "read")
            #expect(read["data"]?.jsonText == #"{"principal_id":"a1","seq":1}"#)

            let typingOverREST = app.caller(site, role: "visitor", sub: "v1")
            #expect(try typingOverREST.call("POST", "/api/v1/chats/\(chatID)/typing", json: #"{"state":"stop"}"#).status == 204)
            #expect(try app.caller(site, role: "visitor", sub: "v2").call("POST", "/api/v1/chats/\(chatID)/typing", json: #"{"state":"stop"}"#).status == 404)
            #expect(try typingOverREST.call("POST", "/api/v1/chats/\(chatID)/typing", json: #"{"state":"maybe"}"#).errorCode == "bad_field")

            try agent.send(#"{"type":"filters","filters":{}}"#)
            agent.socket.raw.shutdownWrite()
            _ = agent.closeCode()
            var offline: JSONValue
            repeat { offline = try admin.nextEvent() } while offline["type"]?.stringValue != "presence"
            #expect(offline["data"]?["state"]?.stringValue == "offline")
            #expect(offline["data"]?["principal"]?["id"]?.stringValue == "a1")
            // The visitor's stream had typing and read, and never a presence event.
            try app.caller(site, role: "visitor", sub: "v1").sendMessage("last", chat: chatID)
            let rest = try visitor.events { $0["type"]?.stringValue == "message.created" }
            #expect(!rest.contains { $0["type"]?.stringValue == "presence" })
        }
    }

    @Test func handshakeRefusalsAnswerInTheContractShape() async throws {
        try await withApp { app in
            let old = try app.request("GET", "/api/v1/realtime", headers: [("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                                                          ("Sec-WebSocket-Key", TestWebSocket.key), ("Sec-WebSocket-Version", "8")])
            #expect(old.status == 426)
            #expect(old.header("Sec-WebSocket-Version") == "13")
            #expect(old.errorCode == "upgrade_required")
            let plain = try app.request("GET", "/api/v1/realtime")
            #expect(plain.status == 400)
            #expect(plain.errorCode == "bad_request")
            #expect(try app.request("POST", "/api/v1/realtime").status == 405)
        }
    }
}
