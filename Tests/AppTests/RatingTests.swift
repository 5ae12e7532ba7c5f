import JSON
import Testing

/// Rating a chat (contract §11): the visitor rates their own resolved chat once per resolution,
/// the `rating` is part of every Chat and filterable, and `chat.rated` reaches WebSocket and
/// polling alike.
@Suite struct RatingTests {
    @Test func aVisitorRatesTheirResolvedChatOncePerResolution() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1", name: "Vi")
            let agent = app.caller(site, role: "agent", sub: "ann")
            let chatID = try #require(visitor.sendMessage("my parcel is late")["chat_id"]?.stringValue)
            let path = "/api/v1/chats/\(chatID)/rating"

            let open = try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)")
            #expect(open["rating"] == .null, "a chat not rated has rating null")
            let early = try visitor.call("POST", path, json: #"{"score":5}"#)
            #expect(early.status == 409 && early.errorCode == "conflict", "an open chat is not rated: \(early.text)")

            _ = try visitor.expect(200, "POST", "/api/v1/chats/\(chatID)/end")
            let rated = try visitor.expect(200, "POST", path, json: #"{"score":4,"comment":"  Quick and kind.  "}"#)
            #expect(rated["rating"]?["score"]?.intValue == 4)
            #expect(rated["rating"]?["comment"]?.stringValue == "Quick and kind.", "the comment is trimmed")
            let at = try #require(rated["rating"]?["at"]?.stringValue)
            #expect(at.hasSuffix("Z") && at.count == 24, "an RFC 3339 time with milliseconds: \(at)")
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(chatID)")["rating"] == rated["rating"], "staff see it too")

            let second = try visitor.call("POST", path, json: #"{"score":1}"#)
            #expect(second.status == 409 && second.errorCode == "conflict", "one rating per resolution: \(second.text)")
            #expect(try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)")["rating"]?["score"]?.intValue == 4, "the first stays")

            // Reopened, the chat keeps its rating; resolved again, it may be rated again.
            let reopened = try agent.expect(200, "PATCH", "/api/v1/chats/\(chatID)", json: #"{"status":"open"}"#)
            #expect(reopened["rating"]?["score"]?.intValue == 4)
            #expect(try visitor.call("POST", path, json: #"{"score":2}"#).status == 409, "open again: not rated")
            _ = try agent.expect(200, "PATCH", "/api/v1/chats/\(chatID)", json: #"{"status":"resolved"}"#)
            let again = try visitor.expect(200, "POST", path, json: #"{"score":2,"comment":null}"#)
            #expect(again["rating"]?["score"]?.intValue == 2)
            #expect(again["rating"]?["comment"] == .null)
            #expect(try visitor.call("POST", path, json: #"{"score":3}"#).status == 409)
        }
    }

    @Test func badRatingsAreRefusedNamingTheFieldAndChangeNothing() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let chatID = try #require(visitor.sendMessage("hello")["chat_id"]?.stringValue)
            _ = try visitor.expect(200, "POST", "/api/v1/chats/\(chatID)/end")
            let path = "/api/v1/chats/\(chatID)/rating"
            let longComment = String(repeating: "é", count: 1001)
            let refused: [(body: String, field: String)] = [
                (#"{"score":0}"#, "score"), (#"{"score":6}"#, "score"), (#"{"score":4.5}"#, "score"), (#"{"score":"5"}"#, "score"),
                (#"{"comment":"no score"}"#, "score"), (#"{"score":5,"comment":3}"#, "comment"),
                (#"{"score":5,"comment":"\#(longComment)"}"#, "comment"), (#"{"score":5,"stars":5}"#, "stars"),
            ]
            for (body, field) in refused {
                let response = try visitor.call("POST", path, json: body)
                #expect(response.status == 400 && response.errorCode == "bad_field", "\(body.prefix(40)): \(response.status)")
                let message = try response.json()["error"]?["message"]?.stringValue ?? ""
                #expect(message.hasPrefix(field), "\(body.prefix(40)) names \(field): \(message)")
            }
            #expect(try visitor.call("POST", path, json: "[1]").status == 400)
            #expect(try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)")["rating"] == .null, "nothing was stored")

            // Only the chat's own visitor rates it: another visitor does not see it, staff may not.
            #expect(try app.caller(site, role: "visitor", sub: "v2").call("POST", path, json: #"{"score":5}"#).status == 404)
            let agent = try app.caller(site, role: "agent", sub: "ann").call("POST", path, json: #"{"score":5}"#)
            #expect(agent.status == 403 && agent.errorCode == "forbidden")
            #expect(try visitor.call("POST", "/api/v1/chats/ch_nope/rating", json: #"{"score":5}"#).status == 404)
            // A comment of exactly 1,000 characters is taken.
            let longest = String(repeating: "é", count: 1000)
            let rated = try visitor.expect(200, "POST", path, json: #"{"score":5,"comment":"\#(longest)"}"#)
            #expect(rated["rating"]?["comment"]?.stringValue == longest)
        }
    }

    @Test func chatRatedReachesTheWebSocketAndPollingAlike() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "ann")
            let agent = TestApp.Caller(app: app, token: agentToken)
            let chatID = try #require(visitor.sendMessage("hello")["chat_id"]?.stringValue)
            _ = try visitor.expect(200, "POST", "/api/v1/chats/\(chatID)/end")
            let start = try agent.poll(cursor: nil).cursor
            let socket = try app.realtime(agentToken, cursor: start)
            let mine = try app.realtime(visitor.token, cursor: start)
            let rated = try visitor.expect(200, "POST", "/api/v1/chats/\(chatID)/rating", json: #"{"score":1,"comment":"Slow."}"#)

            let live = try socket.events { $0["type"]?.stringValue == "chat.rated" }.last
            let own = try mine.events { $0["type"]?.stringValue == "chat.rated" }.last
            let polled = try agent.poll(cursor: start).events.filter { $0["type"]?.stringValue == "chat.rated" }
            #expect(polled.count == 1)
            for event in [live, own, polled.first] {
                #expect(event?["chat_id"]?.stringValue == chatID)
                #expect(event?["data"]?["rating"] == rated["rating"])
                #expect(event?["data"]?["unread_count"] == nil, "events carry no unread count")
            }
            #expect(live?.jsonText == polled.first?.jsonText, "the same bytes by either path")
        }
    }

    @Test func ratingIsFilterableInListsPollsAndStreams() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "ann")
            let agent = TestApp.Caller(app: app, token: agentToken)
            var chats: [Int: String] = [:]
            for score in [1, 2, 4, 5] {
                let visitor = app.caller(site, role: "visitor", sub: "v\(score)")
                let chatID = try #require(visitor.sendMessage("hello")["chat_id"]?.stringValue)
                _ = try visitor.expect(200, "POST", "/api/v1/chats/\(chatID)/end")
                chats[score] = chatID
            }
            let unrated = try #require(app.caller(site, role: "visitor", sub: "v0").sendMessage("hi")["chat_id"]?.stringValue)
            let start = try agent.poll(cursor: nil, query: "rating__lte=2").cursor
            let unhappy = try app.realtime(agentToken, cursor: start, filters: #"{"rating__lte":2}"#)
            // Rated in this order, a leaked 4 or 5 would reach the stream before the 2 that ends it.
            for score in [4, 1, 5, 2] {
                _ = try app.caller(site, role: "visitor", sub: "v\(score)")
                    .expect(200, "POST", "/api/v1/chats/\(chats[score]!)/rating", json: #"{"score":\#(score)}"#)
            }

            func listed(_ query: String) throws -> Set<String> {
                let body = try agent.expect(200, "GET", "/api/v1/chats?" + query)
                return Set(body["chats"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
            }
            #expect(try listed("rating__lte=2") == [chats[1]!, chats[2]!])
            #expect(try listed("rating=5") == [chats[5]!])
            #expect(try listed("rating__in=1,4") == [chats[1]!, chats[4]!])
            #expect(try listed("rating__gte=3") == [chats[4]!, chats[5]!])
            #expect(try listed("rating__isnull=true") == [unrated])
            #expect(try listed("rating=null") == [unrated])
            for bad in ["rating=6", "rating=good", "rating__icontains=1", "rating__lte=2.5"] {
                let response = try agent.call("GET", "/api/v1/chats?" + bad)
                #expect(response.status == 400 && response.errorCode == "bad_filter", "\(bad): \(response.status)")
            }

            // Polling and the stream select the same chat.rated events: the two unhappy chats.
            let polled = try agent.poll(cursor: start, query: "rating__lte=2").events
            #expect(Set(polled.compactMap { $0["chat_id"]?.stringValue }) == [chats[1]!, chats[2]!])
            // (Agents also get presence, which belongs to no chat.)
            let streamed = try unhappy.events { $0["chat_id"]?.stringValue == chats[2] }.filter { $0["chat_id"] != nil }
            #expect(streamed.compactMap { $0["chat_id"]?.stringValue } == [chats[1]!, chats[2]!])
            #expect(streamed.allSatisfy { $0["type"]?.stringValue == "chat.rated" })
        }
    }
}
