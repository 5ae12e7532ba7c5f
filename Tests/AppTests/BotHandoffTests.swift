import JSON
import Testing
import TestSupport

/// Bots and hand-off (contract §9, issue 17 point 3): the website's `bot` setting, new visitor
/// chats pending under the bot with `handled_by: "bot"` (filterable, in events), and
/// `POST /chats/{id}/handoff` with its system message and automatic assignment.
@Suite struct BotHandoffTests {
    @Test func theBotSettingIsReadChangedWholeAndChecked() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            #expect(try admin.expect(200, "GET", "/api/v1/website")["bot"]?.jsonText == #"{"enabled":false,"name":"Bot"}"#)
            let changed = try admin.expect(200, "PATCH", "/api/v1/website", json: #"{"bot":{"enabled":true,"name":"Sunny"}}"#)
            #expect(changed["bot"]?.jsonText == #"{"enabled":true,"name":"Sunny"}"#)
            // The object replaces the setting whole: a name left out is the default again.
            let replaced = try admin.expect(200, "PATCH", "/api/v1/website", json: #"{"bot":{"enabled":true}}"#)
            #expect(replaced["bot"]?.jsonText == #"{"enabled":true,"name":"Bot"}"#)
            for (body, field) in [(#"{"bot":true}"#, "bot"), (#"{"bot":{"name":"x"}}"#, "bot.enabled"),
                                  (#"{"bot":{"enabled":"yes"}}"#, "bot.enabled"), (#"{"bot":{"enabled":true,"name":""}}"#, "bot.name"),
                                  (#"{"bot":{"enabled":true,"colour":"red"}}"#, "bot.colour")] {
                let refused = try admin.call("PATCH", "/api/v1/website", json: body)
                #expect(refused.status == 400 && refused.errorCode == "bad_field", "\(body)")
                #expect(refused.text.contains(field), "\(body): \(refused.text)")
            }
            #expect(try admin.expect(200, "GET", "/api/v1/website")["bot"]?["enabled"]?.boolValue == true, "a refused change changes nothing")
        }
    }

    @Test func aVisitorsNewChatWaitsForTheBotAndAHandoffGivesItToAnAvailableAgent() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            let agents = try AssignmentTests.onlineAgents(["a1"], site, app)
            _ = try admin.expect(200, "PATCH", "/api/v1/website", json: #"{"bot":{"enabled":true,"name":"Sunny"}}"#)
            let cursor = try admin.poll(cursor: nil).cursor

            // Pending under the bot, not assigned although round-robin has an agent online.
            let visitor = app.caller(site, role: "visitor", sub: "v1", name: "Vera")
            let chatID = try #require(visitor.sendMessage("hello")["chat_id"]?.stringValue)
            let pending = try admin.expect(200, "GET", "/api/v1/chats/\(chatID)")
            #expect(pending["handled_by"]?.stringValue == "bot")
            #expect(pending["status"]?.stringValue == "pending")
            #expect(pending["assignee_id"]?.isNull == true)
            // The bot answers with a bot token; its chats are a filter away.
            let bot = app.caller(site, role: "bot", sub: "sunny", name: "Sunny")
            try bot.sendMessage("Hi Vera, how can I help?", chat: chatID)
            #expect(try bot.expect(200, "GET", "/api/v1/chats?handled_by=bot")["chats"]?.arrayValue?.map { $0["id"]?.stringValue } == [chatID])
            #expect(try bot.expect(200, "GET", "/api/v1/chats?handled_by=agent")["chats"]?.arrayValue?.isEmpty == true)
            // A chat started by staff is people's.
            let staffChat = try admin.expect(201, "POST", "/api/v1/chats", json: "{}")
            #expect(staffChat["handled_by"]?.stringValue == "agent")
            #expect(staffChat["status"]?.stringValue == "open")

            // The visitor asks for a person.
            let handedOff = try visitor.expect(200, "POST", "/api/v1/chats/\(chatID)/handoff", json: #"{"reason":"  I need a refund  "}"#)
            #expect(handedOff["handled_by"]?.stringValue == "agent")
            #expect(handedOff["status"]?.stringValue == "open")
            #expect(handedOff["assignee_id"]?.stringValue == "a1")
            let messages = try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)/messages")["messages"]?.arrayValue ?? []
            #expect(messages.map { $0["type"]?.stringValue } == ["text", "text", "system", "system"])
            let data = messages[2]["data"]
            #expect([data?["action"], data?["from"], data?["to"], data?["reason"]].map { $0?.stringValue }
                    == ["handoff", "bot", "agent", "I need a refund"])
            #expect(messages[2]["text"]?.stringValue == "Vera asked for a person. Reason: I need a refund")
            #expect(messages[3]["data"]?["action"]?.stringValue == "assigned")

            // A second hand-off changes nothing.
            let again = try visitor.expect(200, "POST", "/api/v1/chats/\(chatID)/handoff", json: "{}")
            #expect(again["message_count"]?.intValue == 4)

            // The events say who handles the chat, so a live filter follows the hand-off.
            let events = try admin.poll(cursor: cursor).events.filter { $0["chat_id"]?.stringValue == chatID }
            let handlers = events.filter { $0["type"]?.stringValue?.hasPrefix("chat.") == true }.map { $0["data"]?["handled_by"]?.stringValue }
            #expect(handlers.first == "bot")
            #expect(handlers.last == "agent")
            let botView = try bot.poll(cursor: cursor, query: "handled_by=bot").events.filter { $0["chat_id"]?.stringValue == chatID }
            #expect(botView.last?["type"]?.stringValue == "chat.updated", "the chat leaving the bot's filter is announced to it")
            _ = agents
        }
    }

    @Test func onlyTheChatsOwnVisitorAndStaffHandOffAndBadBodiesAreRefused() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            _ = try admin.expect(200, "PATCH", "/api/v1/website", json: #"{"bot":{"enabled":true}}"#)
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let chatID = try #require(visitor.sendMessage("hello")["chat_id"]?.stringValue)
            #expect(try app.caller(site, role: "visitor", sub: "v2").call("POST", "/api/v1/chats/\(chatID)/handoff", json: "{}").status == 404)
            let other = try app.createWebsite("Other")
            #expect(try app.caller(other, role: "admin", sub: "boss").call("POST", "/api/v1/chats/\(chatID)/handoff", json: "{}").status == 404)
            for body in [#"{"reason":5}"#, #"{"why":"x"}"#, #"{"reason":"\#(String(repeating: "x", count: 501))"}"#] {
                let refused = try visitor.call("POST", "/api/v1/chats/\(chatID)/handoff", json: body)
                #expect(refused.status == 400 && refused.errorCode == "bad_field", "\(body)")
            }
            #expect(try admin.expect(200, "GET", "/api/v1/chats/\(chatID)")["handled_by"]?.stringValue == "bot", "nothing changed")
            // The bot itself hands off, with no body at all; unassigned without round-robin.
            let handedOff = try app.caller(site, role: "bot", sub: "helper", name: "Helper").expect(200, "POST", "/api/v1/chats/\(chatID)/handoff")
            #expect(handedOff["handled_by"]?.stringValue == "agent")
            #expect(handedOff["assignee_id"]?.isNull == true)
            #expect(handedOff["last_message"]?["text"]?.stringValue == "Helper handed this chat to a person.")
            #expect(try admin.call("GET", "/api/v1/chats?handled_by=robot").errorCode == "bad_filter")
        }
    }
}
