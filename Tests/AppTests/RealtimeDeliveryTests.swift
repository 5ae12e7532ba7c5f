import Glibc
import JSON
import Realtime
import Testing
import TestSupport

/// Who receives which event, and that polling delivers the same events as the WebSocket.
@Suite struct RealtimeDeliveryTests {
    @Test func visibilityScopeAndTenantsDecideWhoReceives() async throws {
        try await withApp { app in
            let site = try app.createWebsite("One")
            let other = try app.createWebsite("Two")
            let visitorA = try app.realtime(TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "va"))
            let scoped = try app.realtime(TestApp.token(website: site.id, secret: site.secret, role: "bot", sub: "b1", scope: ["metadata": ["project_id": 7]]))
            let stranger = try app.realtime(TestApp.token(website: other.id, secret: other.secret, role: "admin", sub: "root"))

            try app.caller(site, role: "visitor", sub: "vb").sendMessage("not yours", metadata: #"{"project_id":8}"#)
            try app.caller(site, role: "visitor", sub: "va").sendMessage("mine", metadata: #"{"project_id":7}"#)
            try app.caller(other, role: "visitor", sub: "vz").sendMessage("other website")

            let isMessage: (JSONValue) -> Bool = { $0["type"]?.stringValue == "message.created" }
            #expect(try visitorA.events(until: isMessage).filter(isMessage).map { $0["data"]?["text"]?.stringValue } == ["mine"])
            #expect(try scoped.events(until: isMessage).filter(isMessage).map { $0["data"]?["text"]?.stringValue } == ["mine"])
            #expect(try stranger.events(until: isMessage).filter(isMessage).map { $0["data"]?["text"]?.stringValue } == ["other website"])
        }
    }

    /// Routing looks only at the connections pinned to an event's chat or visitor and at the
    /// unpinned ones (SubscriberIndex); each connection still gets exactly its events, also after
    /// its filters move it from one pin to another.
    @Test func connectionsPinnedToChatsOrVisitorsGetExactlyTheirEvents() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let first = try #require(app.caller(site, role: "visitor", sub: "v1").sendMessage("v1 first")["chat_id"]?.stringValue)
            let second = try #require(app.caller(site, role: "visitor", sub: "v2").sendMessage("v2 first")["chat_id"]?.stringValue)
            let token = { (role: String, sub: String) in TestApp.token(website: site.id, secret: site.secret, role: role, sub: sub) }
            let visitor1 = try app.realtime(token("visitor", "v1"))
            let pinnedToFirst = try app.realtime(token("bot", "b1"), filters: #"{"chat_id":"\#(first)"}"#)
            let pinnedToBoth = try app.realtime(token("bot", "b2"), filters: #"{"chat_id__in":["\#(first)","\#(second)"]}"#)
            let pinnedToNone = try app.realtime(token("bot", "b3"), filters: #"{"chat_id__in":["\#(first)"],"chat_id":"\#(second)"}"#)
            let everything = try app.realtime(token("bot", "b4"))
            let switching = try app.realtime(token("bot", "b5"), filters: #"{"chat_id":"\#(first)"}"#)
            try switching.send(#"{"type":"filters","filters":{"chat_id":"\#(second)"}}"#)
            try switching.send(#"{"type":"ping"}"#)
            _ = try switching.nextReply()

            for (sub, chat, text) in [("v1", first, "to first"), ("v2", second, "to second"), ("v1", first, "first again")] {
                try app.caller(site, role: "visitor", sub: sub).sendMessage(text, chat: chat)
            }
            try app.caller(site, role: "visitor", sub: "v3").sendMessage("last, new chat")
            let isMessage: (JSONValue) -> Bool = { $0["type"]?.stringValue == "message.created" }
            let texts = { (client: RealtimeClient, last: String) in
                try client.events { $0["data"]?["text"]?.stringValue == last }.filter(isMessage).compactMap { $0["data"]?["text"]?.stringValue }
            }
            #expect(try texts(visitor1, "first again") == ["to first", "first again"])
            #expect(try texts(pinnedToFirst, "first again") == ["to first", "first again"])
            #expect(try texts(pinnedToBoth, "first again") == ["to first", "to second", "first again"])
            #expect(try texts(switching, "to second") == ["to second"])
            #expect(try texts(everything, "last, new chat") == ["to first", "to second", "first again", "last, new chat"])
            // Pinned to the intersection of its two conditions, which is empty: nothing arrives.
            // The hub routed the last message to everyone before `everything` read it, so a pong
            // asked for now comes after anything this connection was sent.
            try pinnedToNone.send(#"{"type":"ping"}"#)
            var beforePong: [JSONValue] = []
            while true {
                let message = try pinnedToNone.next()
                if message["type"]?.stringValue == "pong" { break }
                beforePong.append(message)
            }
            #expect(!beforePong.contains(where: isMessage))
        }
    }

    @Test func aChatThatStopsMatchingSendsItsLastUpdateThenNothing() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            let first = try app.caller(site, role: "visitor", sub: "v1").sendMessage("one")
            let chatID = try #require(first["chat_id"]?.stringValue)
            let client = try app.realtime(agent.token, filters: #"{"status":"open"}"#)

            _ = try agent.expect(200, "PATCH", "/api/v1/chats/\(chatID)", json: #"{"status":"resolved"}"#)
            try app.caller(site, role: "visitor", sub: "v1").sendMessage("after it left", chat: chatID)
            try app.caller(site, role: "visitor", sub: "v2").sendMessage("another open chat")
            let events = try client.events { $0["data"]?["text"]?.stringValue == "another open chat" }.filter { $0["type"]?.stringValue != "presence" }
            #expect(events.first?["type"]?.stringValue == "chat.updated")
            #expect(events.first?["data"]?["status"]?.stringValue == "resolved")
            #expect(!events.contains { $0["data"]?["text"]?.stringValue == "after it left" })

            // Changing the filters switches what arrives, from the next event on.
            try client.send(#"{"type":"filters","filters":{"status":"resolved"}}"#)
            try client.send(#"{"type":"ping"}"#)
            _ = try client.nextReply()
            try app.caller(site, role: "visitor", sub: "v2").sendMessage("open again, not shown")
            try app.caller(site, role: "visitor", sub: "v1").sendMessage("resolved chat", chat: chatID)
            let next = try client.nextEvent()
            #expect(next["data"]?["text"]?.stringValue == "resolved chat")
        }
    }

    @Test func pollingDeliversTheSameBytesAsTheWebSocket() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1", scope: ["metadata": ["team": "core"]])
            let start = try agent.poll(cursor: nil, query: "status=open").cursor
            let client = try app.realtime(agent.token, cursor: start, filters: #"{"status":"open"}"#)
            for index in 0..<30 {
                let team = index % 3 == 0 ? "sales" : "core"
                let visitor = app.caller(site, role: "visitor", sub: "v\(index % 4)")
                let message = try visitor.sendMessage("m\(index)", metadata: #"{"team":"\#(team)"}"#)
                if index % 5 == 0, team == "core", let chat = message["chat_id"]?.stringValue {
                    _ = try agent.expect(200, "PATCH", "/api/v1/chats/\(chat)", json: #"{"status":"pending"}"#)
                }
            }
            try app.caller(site, role: "visitor", sub: "v1").sendMessage("last", metadata: #"{"team":"core"}"#)
            var frames: [String] = []
            while true {
                let text = try client.nextText()
                let event = try JSONValue(parsing: text)
                guard event["id"] != nil else { continue }
                frames.append(text)
                if event["data"]?["text"]?.stringValue == "last" { break }
            }
            // Page by page, polling returns exactly these bytes in this order.
            var polled: [String] = []
            var cursor = start
            while true {
                let response = try agent.call("GET", "/api/v1/events?status=open&limit=7&cursor=\(cursor)")
                let body = try response.json()
                let events = try #require(body["events"]?.arrayValue)
                let expected = #"{"events":["# + frames[polled.count..<min(frames.count, polled.count + events.count)].joined(separator: ",") + "]"
                #expect(response.text.hasPrefix(expected))
                polled += events.map(\.jsonText)
                cursor = try #require(body["cursor"]?.stringValue)
                if events.isEmpty { break }
            }
            #expect(polled.count == frames.count)
            #expect(frames.count > 10)
        }
    }

    @Test func cursorsOfAnotherDatabaseOrNotCursorsAreRefused() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            let now = try agent.poll(cursor: nil).cursor
            let epoch = String(now.split(separator: ".")[0])
            #expect(try agent.call("GET", "/api/v1/events?cursor=ffffffffff.1").status == 410)
            #expect(try agent.call("GET", "/api/v1/events?cursor=ffffffffff.1").errorCode == "cursor_expired")
            #expect(try agent.call("GET", "/api/v1/events?cursor=\(epoch).999999").status == 410)
            #expect(try agent.call("GET", "/api/v1/events?cursor=banana").errorCode == "bad_field")
            #expect(try agent.call("GET", "/api/v1/events?cursor=\(now)&colour=red").errorCode == "bad_filter")
            #expect(try agent.call("GET", "/api/v1/events?cursor=\(now)&limit=0").errorCode == "bad_field")
            #expect(try app.request("GET", "/api/v1/events").status == 401)

            let client = try RealtimeClient(app)
            try client.send(#"{"type":"hello","token":"\#(agent.token)","cursor":"ffffffffff.1"}"#)
            #expect(try client.nextReply()["code"]?.stringValue == "cursor_expired")
            // The connection stays and takes a correct hello.
            try client.hello(agent.token, cursor: now)
        }
    }

    /// The hub reads past the events of websites nobody is connected to without routing them;
    /// a later connection still gets them by replay from its cursor, and the position it is
    /// welcomed at lies after them.
    @Test func eventsOfAWebsiteWithoutConnectionsAreReplayedLaterAndPassedOver() async throws {
        try await withApp { app in
            let site = try app.createWebsite("Quiet")
            let busy = try app.createWebsite("Busy")
            let watcher = try app.realtime(TestApp.token(website: busy.id, secret: busy.secret, role: "agent", sub: "w"))
            let agent = app.caller(site, role: "agent", sub: "a1")
            let start = try agent.poll(cursor: nil).cursor
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let chatID = try #require(visitor.sendMessage("one")["chat_id"]?.stringValue)
            try visitor.sendMessage("two", chat: chatID)
            // A subscription first routes everything committed, so the hub reads past "one"
            // and "two" — events only of a website nobody follows — before welcoming.
            let fresh = try RealtimeClient(app)
            let welcome = try fresh.hello(agent.token)
            let resumed = try app.realtime(agent.token, cursor: start)
            try visitor.sendMessage("three", chat: chatID)
            let texts = { (client: RealtimeClient) in
                try client.events { $0["data"]?["text"]?.stringValue == "three" }
                    .filter { $0["type"]?.stringValue == "message.created" }.compactMap { $0["data"]?["text"]?.stringValue }
            }
            #expect(try texts(resumed) == ["one", "two", "three"])
            #expect(try texts(fresh) == ["three"])
            let welcomed = try #require(welcome["cursor"]?.stringValue)
            #expect(try agent.poll(cursor: welcomed).events.compactMap { $0["data"]?["text"]?.stringValue } == ["three"])
            withExtendedLifetime(watcher) {}  // the busy website has a connection throughout
        }
    }

    @Test func aReconnectWithTheLastCursorGetsExactlyWhatWasMissed() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let first = try app.realtime(agent.token)
            let chatID = try #require(visitor.sendMessage("one")["chat_id"]?.stringValue)
            let seen = try first.events { $0["data"]?["text"]?.stringValue == "one" }
            let cursor = try #require(seen.last?["id"]?.stringValue)
            first.socket.raw.shutdownWrite()
            for text in ["two", "three"] { try visitor.sendMessage(text, chat: chatID) }

            let second = try RealtimeClient(app)
            let welcome = try second.hello(agent.token, cursor: cursor)
            try visitor.sendMessage("four", chat: chatID)
            let resumed = try second.events { $0["data"]?["text"]?.stringValue == "four" }
                .filter { $0["type"]?.stringValue == "message.created" }.compactMap { $0["data"]?["text"]?.stringValue }
            #expect(resumed == ["two", "three", "four"])
            #expect(welcome["cursor"]?.stringValue != cursor)
            // Without a cursor a poll returns no events, only where the stream stands.
            #expect(try agent.poll(cursor: nil).events.isEmpty)
            // Polling from the same cursor sees the same messages.
            let polled = try agent.poll(cursor: cursor).events.filter { $0["type"]?.stringValue == "message.created" }
            #expect(polled.compactMap { $0["data"]?["text"]?.stringValue } == ["two", "three", "four"])
        }
    }
}

/// Persisted events are cleaned up after the retention period; cursors from before are refused.
@Suite struct EventRetentionTests {
    @Test func oldEventsAreCleanedUpKeepingTheNewestAndOldCursorsExpire() async throws {
        var realtime = HubConfiguration()
        realtime.eventRetentionMilliseconds = 300
        realtime.retentionCheckMilliseconds = 100
        try await withApp(realtime: realtime) { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            let start = try agent.poll(cursor: nil).cursor
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let chatID = try #require(visitor.sendMessage("old")["chat_id"]?.stringValue)
            for text in ["older", "oldest"] { try visitor.sendMessage(text, chat: chatID) }
            // A poll without cursor answers where the hub has routed to, which may trail the
            // commits a moment: wait for the four events (chat.created, three messages).
            let eventID = { (cursor: String) in Int(cursor.split(separator: ".").last ?? "") ?? 0 }
            var newest = try agent.poll(cursor: nil).cursor
            for _ in 0..<200 where eventID(newest) < eventID(start) + 4 {
                usleep(20_000)
                newest = try agent.poll(cursor: nil).cursor
            }
            #expect(eventID(newest) == eventID(start) + 4)
            // Within a few retention checks the old events are gone and the old cursor with them.
            var status = 200
            for _ in 0..<200 where status == 200 {
                usleep(50_000)
                status = try agent.call("GET", "/api/v1/events?cursor=\(start)").status
            }
            #expect(status == 410)
            #expect(try agent.call("GET", "/api/v1/events?cursor=\(start)").errorCode == "cursor_expired")
            // The newest event is kept, so ids go on from it and its cursor still resumes.
            let after = try agent.poll(cursor: newest)
            #expect(after.events.isEmpty)
            try visitor.sendMessage("new", chat: chatID)
            // As above, the hub may route the new event a moment after the send's answer.
            var fresh: [String] = []
            try eventually("the new message to be polled") {
                fresh = try agent.poll(cursor: newest).events.compactMap { $0["data"]?["text"]?.stringValue }
                return !fresh.isEmpty
            }
            #expect(fresh == ["new"])
            // A WebSocket hello with the expired cursor is refused too.
            let client = try RealtimeClient(app)
            try client.send(#"{"type":"hello","token":"\#(agent.token)","cursor":"\#(start)"}"#)
            #expect(try client.nextReply()["code"]?.stringValue == "cursor_expired")
        }
    }
}
