import Glibc
import App
import JSON
import Testing
import TestSupport

@Suite("Messages, idempotency, read marks and unread counts")
struct MessageAPITests {
    @Test func messagesGetGaplessSequenceNumbersAndUpdateTheChat() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v-1", name: "Vera")
            let agent = app.caller(site, role: "agent", sub: "a-1", name: "Ada")
            let id = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            let first = try visitor.expect(201, "POST", "/api/v1/chats/\(id)/messages", json: #"{"text":"  Hello  "}"#)
            #expect(first["seq"] == 1)
            #expect(first["text"] == "Hello", "text is stored trimmed")
            #expect(first["sender"] == ["id": "v-1", "role": "visitor", "name": "Vera"])
            #expect(first["type"] == "text")
            #expect(first["client_id"] == .null)
            #expect(first["chat_id"]?.stringValue == id)
            #expect(try agent.expect(201, "POST", "/api/v1/chats/\(id)/messages", json: #"{"text":"Hi, Ada here"}"#)["seq"] == 2)
            #expect(try visitor.expect(201, "POST", "/api/v1/chats/\(id)/messages", json: #"{"text":"<b>3</b>"}"#)["seq"] == 3)

            let chat = try agent.expect(200, "GET", "/api/v1/chats/\(id)")
            #expect(chat["message_count"] == 3)
            #expect(chat["last_message"]?["text"] == "<b>3</b>")
            #expect(chat["last_message"]?["seq"] == 3)
            #expect(chat["unread_count"] == 2, "two visitor messages, none read")
            #expect(try visitor.expect(200, "GET", "/api/v1/chats/\(id)")["unread_count"] == 1)

            let all = try agent.expect(200, "GET", "/api/v1/chats/\(id)/messages")["messages"]?.arrayValue ?? []
            #expect(all.compactMap { $0["seq"]?.intValue } == [1, 2, 3])
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(id)/messages?after_seq=1")["messages"]?.arrayValue?.compactMap { $0["seq"]?.intValue } == [2, 3])
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(id)/messages?before_seq=3&limit=1")["messages"]?.arrayValue?.compactMap { $0["seq"]?.intValue } == [2])
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(id)/messages?limit=2")["messages"]?.arrayValue?.compactMap { $0["seq"]?.intValue } == [2, 3])
            for query in ["after_seq=-1", "limit=0", "limit=201", "before_seq=x", "color=red"] {
                #expect(try agent.call("GET", "/api/v1/chats/\(id)/messages?\(query)").status == 400, "\(query)")
            }
            for body in [#"{"text":""}"#, #"{"text":"   "}"#, #"{}"#, #"{"text":1}"#, #"{"text":"\#(String(repeating: "x", count: 8001))"}"#,
                         #"{"text":"ok","extra":1}"#, #"{"text":"ok","client_id":""}"#] {
                #expect(try agent.call("POST", "/api/v1/chats/\(id)/messages", json: body).status == 400, "\(body.prefix(30))")
            }
            #expect(try agent.call("POST", "/api/v1/chats/ch_missing/messages", json: #"{"text":"x"}"#).status == 404)
        }
    }

    @Test func aRetriedClientIDReturnsTheFirstMessage() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v-1")
            let other = app.caller(site, role: "agent", sub: "a-1")
            let id = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            let first = try visitor.expect(201, "POST", "/api/v1/chats/\(id)/messages", json: #"{"text":"once","client_id":"c-1"}"#)
            let retry = try visitor.expect(200, "POST", "/api/v1/chats/\(id)/messages", json: #"{"text":"once","client_id":"c-1"}"#)
            #expect(retry == first)
            #expect(try other.expect(201, "POST", "/api/v1/chats/\(id)/messages", json: #"{"text":"mine","client_id":"c-1"}"#)["seq"] == 2,
                    "client ids belong to one principal")
            #expect(try other.expect(200, "GET", "/api/v1/chats/\(id)")["message_count"] == 2)

            let created = try visitor.expect(201, "POST", "/api/v1/messages", json: #"{"text":"new chat","title":"T","metadata":{"k":"v"},"client_id":"c-2"}"#)
            #expect(created["chat"]?["title"] == "T")
            #expect(created["chat"]?["metadata"] == ["k": "v"])
            #expect(created["chat"]?["message_count"] == 1)
            #expect(created["message"]?["seq"] == 1)
            #expect(created["chat"]?["last_message"] == created["message"])
            let again = try visitor.expect(200, "POST", "/api/v1/messages", json: #"{"text":"new chat","title":"T","client_id":"c-2"}"#)
            #expect(again["message"] == created["message"])
            #expect(again["chat"]?["id"] == created["chat"]?["id"])
            #expect(try visitor.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.count == 2, "the retry created no chat")
            let into = try visitor.expect(201, "POST", "/api/v1/messages", json: #"{"text":"more","chat_id":"\#(id)"}"#)
            #expect(into["message"]?["seq"] == 3)
            #expect(try visitor.call("POST", "/api/v1/messages", json: #"{"text":"x","chat_id":"\#(id)","title":"no"}"#).status == 400)
        }
    }

    /// No text this server keeps may hold U+0000 (PostgreSQL's text cannot): a body or a filter
    /// holding one is refused with the same 400 on both backends, and nothing is stored.
    @Test func aNulInTextOrAFilterIsRefusedAndStoresNothing() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v-1")
            let refused = try visitor.call("POST", "/api/v1/messages", json: #"{"text":"a\u0000b","client_id":"n1"}"#)
            #expect(refused.status == 400)
            #expect(refused.errorCode == "bad_json")
            #expect(try visitor.call("POST", "/api/v1/chats", json: #"{"metadata":{"k":"a\u0000"}}"#).status == 400)
            #expect(try visitor.call("GET", "/api/v1/chats?metadata__k=a%00").status == 400)
            #expect(try visitor.expect(200, "GET", "/api/v1/chats")["chats"] == [])
        }
    }

    @Test func readMarksOnlyMoveForward() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v-1")
            let agent = app.caller(site, role: "agent", sub: "a-1")
            let id = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            for text in ["one", "two", "three"] {
                _ = try visitor.expect(201, "POST", "/api/v1/chats/\(id)/messages", json: #"{"text":"\#(text)"}"#)
            }
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(id)")["unread_count"] == 3)
            #expect(try agent.call("POST", "/api/v1/chats/\(id)/read", json: #"{"seq":2}"#).status == 204)
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(id)")["unread_count"] == 1)
            #expect(try agent.call("POST", "/api/v1/chats/\(id)/read", json: #"{"seq":1}"#).status == 204)
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(id)")["unread_count"] == 1, "a read mark never moves back")
            let listed = try agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.first
            #expect(listed?["unread_count"] == 1)
            for body in [#"{"seq":4}"#, #"{"seq":-1}"#, #"{"seq":"2"}"#, #"{}"#, #"{"seq":1,"x":1}"#] {
                #expect(try agent.call("POST", "/api/v1/chats/\(id)/read", json: body).status == 400, "\(body)")
            }
            #expect(try agent.call("POST", "/api/v1/chats/\(id)/read", json: #"{"seq":3}"#).status == 204)
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(id)")["unread_count"] == 0)
        }
    }

    @Test func concurrentSendersGetGaplessSequences() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a-1")
            let id = try agent.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            try onThreads(8) { thread in
                let sender = app.caller(site, role: "agent", sub: "sender-\(thread)")
                for index in 0..<25 {
                    _ = try sender.expect(201, "POST", "/api/v1/chats/\(id)/messages", json: #"{"text":"\#(thread)-\#(index)"}"#)
                }
            }
            var seqs: [Int] = []
            var after = 0
            while true {
                let page = try agent.expect(200, "GET", "/api/v1/chats/\(id)/messages?after_seq=\(after)&limit=200")["messages"]?.arrayValue ?? []
                guard let last = page.last?["seq"]?.intValue else { break }
                seqs += page.compactMap { $0["seq"]?.intValue }
                after = last
            }
            #expect(seqs == Array(1...200))
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(id)")["message_count"] == 200)
        }
    }

    @Test func writesAreRateLimitedPerPrincipal() async throws {
        // One write every 100 s (the burst, 3 × the rate, is less than one write and rounds up to
        // one): the second write is refused however slowly a loaded machine sends it.
        var limits = RateLimits.unlimited
        limits.writesPerSecond = 0.01
        try await withApp(rateLimits: limits) { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a-1")
            let other = app.caller(site, role: "agent", sub: "a-2")
            #expect(try agent.call("POST", "/api/v1/chats", json: "{}").status == 201)
            let refused = try agent.call("POST", "/api/v1/chats", json: "{}")
            #expect(refused.status == 429)
            #expect(refused.errorCode == "rate_limited")
            #expect(refused.header("Retry-After").flatMap(Int.init).map { $0 >= 1 } == true)
            #expect(try other.call("POST", "/api/v1/chats", json: "{}").status == 201, "limits are per principal")
            #expect(try agent.call("GET", "/api/v1/chats").status == 200, "reads are not limited")
        }
    }
}
