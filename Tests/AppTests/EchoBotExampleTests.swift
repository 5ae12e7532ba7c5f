import Glibc
import JSON
import Testing
import TestSupport

/// `Examples/echo-bot` against a real server in demo mode, as its README runs it: it turns the
/// bot on and creates its webhook, answers a visitor's message through the webhook and the REST
/// API, hands the chat to people when asked, and leaves the website as it found it on SIGTERM.
@Suite struct EchoBotExampleTests {
    @Test func itEchoesVisitorsHandsOffOnRequestAndCleansUpWhenStopped() async throws {
        try await withApp(demo: true, configure: { configuration in
            configuration.webhooks.rules.allowsHTTP = true
            configuration.webhooks.rules.allowsPrivateAddresses = true
        }) { app in
            let file = app.dataDirectory + "/demo-website.json"
            let credentials = try JSONValue(parsing: try readFile(file))
            let site = (id: try #require(credentials["website_id"]?.stringValue), secret: try #require(credentials["secret"]?.stringValue))
            let admin = app.caller(site, role: "admin", sub: "owner")

            let echoBot = try ChildProcess(builtProduct("webchat-echo-bot"), [
                "--server", "http://127.0.0.1:\(app.port)", "--website-file", file, "--port", "0",
            ])
            var stopped = false
            defer {
                if !stopped {
                    echoBot.signal(SIGKILL)
                    _ = echoBot.wait()
                }
            }
            // Its setup is three calls to the server; a loaded machine may take a while.
            try #require(echoBot.waitForLine(containing: "listening on", timeoutSeconds: 120) != nil, "\(echoBot.standardError)")
            #expect(try admin.expect(200, "GET", "/api/v1/website")["bot"]?["enabled"]?.boolValue == true)
            #expect(try admin.expect(200, "GET", "/api/v1/webhooks")["webhooks"]?.arrayValue?.count == 1)

            let visitor = app.caller(site, role: "visitor", sub: "v1", name: "Vera")
            let chatID = try #require(visitor.sendMessage("Hello there")["chat_id"]?.stringValue)
            func texts() throws -> [String] {
                try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)/messages")["messages"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? []
            }
            try eventually("the bot echoes the visitor") { try texts() == ["Hello there", "Echo: Hello there"] }
            let reply = try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)/messages")["messages"]?.arrayValue?.last
            #expect(reply?["sender"]?["role"]?.stringValue == "bot")
            #expect(reply?["sender"]?["name"]?.stringValue == "Echo")

            try visitor.sendMessage("Can I talk to a person, please?", chat: chatID)
            try eventually("the bot hands the chat to people") {
                try admin.expect(200, "GET", "/api/v1/chats/\(chatID)")["handled_by"]?.stringValue == "agent"
            }
            let last = try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)/messages")["messages"]?.arrayValue ?? []
            #expect(last.dropLast().last?["text"]?.stringValue == "I'll get a person for you.")
            #expect(last.last?["data"]?["action"]?.stringValue == "handoff")
            // Handed off: the bot leaves the chat to people. Deliveries come in log order and the
            // bot answers in turn, so once another visitor's later chat is echoed, "Thanks" was
            // seen and left alone.
            try visitor.sendMessage("Thanks", chat: chatID)
            let count = try texts().count
            let other = app.caller(site, role: "visitor", sub: "v2")
            let otherChat = try #require(other.sendMessage("ping")["chat_id"]?.stringValue)
            try eventually("the bot answers the later chat") {
                try other.expect(200, "GET", "/api/v1/chats/\(otherChat)/messages")["messages"]?.arrayValue?.count == 2
            }
            #expect(try texts().count == count, "no echo once people handle the chat")

            echoBot.signal(SIGTERM)
            #expect(echoBot.wait() == 0)
            stopped = true
            #expect(try admin.expect(200, "GET", "/api/v1/website")["bot"]?["enabled"]?.boolValue == false)
            #expect(try admin.expect(200, "GET", "/api/v1/webhooks")["webhooks"]?.arrayValue?.isEmpty == true)
        }
    }
}
