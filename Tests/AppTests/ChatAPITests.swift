import JSON
import Testing
import TestSupport

@Suite("Chats over REST: roles, visibility, scopes, isolation")
struct ChatAPITests {
    @Test func aVisitorsChatIsSeenByAgentsOfItsWebsiteOnly() async throws {
        try await withApp { app in
            let site = try app.createWebsite("Shop")
            let other = try app.createWebsite("Other")
            let visitor = app.caller(site, role: "visitor", sub: "v-1", name: "Vera")
            let agent = app.caller(site, role: "agent", sub: "a-1")
            let admin = app.caller(site, role: "admin", sub: "boss")
            let stranger = app.caller(other, role: "admin", sub: "boss")

            let chat = try visitor.expect(201, "POST", "/api/v1/chats", json: #"{"title":"Help","metadata":{"project_id":7}}"#)
            let id = try #require(chat["id"]?.stringValue)
            #expect(id.hasPrefix("ch_"))
            #expect(chat["website_id"]?.stringValue == site.id)
            #expect(chat["visitor"] == ["id": "v-1", "name": "Vera"])
            #expect(chat["status"] == "open")
            #expect(chat["priority"] == 0)
            #expect(chat["is_archived"] == false)
            #expect(chat["assignee_id"] == .null)
            #expect(chat["metadata"] == ["project_id": 7])
            #expect(chat["last_message"] == .null)
            #expect(chat["message_count"] == 0)
            #expect(chat["unread_count"] == 0)

            for caller in [agent, admin, visitor] {
                #expect(try caller.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.map { $0["id"] } == [.string(id)])
                #expect(try caller.expect(200, "GET", "/api/v1/chats/\(id)")["id"]?.stringValue == id)
            }
            // Nothing of it is reachable from another website, by list, id, or any call on it.
            #expect(try stranger.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.isEmpty == true)
            for (method, path, body) in [("GET", "/api/v1/chats/\(id)", nil), ("PATCH", "/api/v1/chats/\(id)", #"{"status":"closed"}"#),
                                         ("GET", "/api/v1/chats/\(id)/messages", nil),
                                         ("POST", "/api/v1/chats/\(id)/messages", #"{"text":"hi"}"#),
                                         ("POST", "/api/v1/chats/\(id)/read", #"{"seq":0}"#),
                                         ("POST", "/api/v1/messages", #"{"chat_id":"\#(id)","text":"hi"}"#)] {
                let response = try stranger.call(method, path, json: body)
                #expect(response.status == 404, "\(method) \(path)")
                #expect(response.errorCode == "not_found")
            }
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(id)")["status"] == "open", "the stranger's PATCH changed nothing")
        }
    }

    @Test func visitorsSeeOnlyTheirOwnChats() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let first = app.caller(site, role: "visitor", sub: "v-1")
            let second = app.caller(site, role: "visitor", sub: "v-2")
            let mine = try first.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            _ = try second.expect(201, "POST", "/api/v1/chats", json: "{}")
            #expect(try first.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.count == 1)
            #expect(try second.call("GET", "/api/v1/chats/\(mine)").status == 404)
            #expect(try second.call("POST", "/api/v1/chats/\(mine)/messages", json: #"{"text":"sneaky"}"#).status == 404)
            // A filter cannot widen what a visitor sees.
            #expect(try second.expect(200, "GET", "/api/v1/chats?visitor_id=v-1")["chats"]?.arrayValue?.isEmpty == true)
            #expect(try first.call("PATCH", "/api/v1/chats/\(mine)", json: #"{"status":"closed"}"#).status == 403)
        }
    }

    @Test func agentsChangeChats() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a-1")
            let bot = app.caller(site, role: "bot", sub: "b-1")
            let id = try agent.expect(201, "POST", "/api/v1/chats", json: #"{"title":"T","metadata":{"a":1,"b":{"c":2}},"priority":2}"#)["id"]?.stringValue ?? ""
            let changed = try agent.expect(200, "PATCH", "/api/v1/chats/\(id)",
                                           json: #"{"status":"pending","priority":4,"assignee_id":"a-1","is_archived":true,"title":"New"}"#)
            #expect(changed["status"] == "pending")
            #expect(changed["priority"] == 4)
            #expect(changed["assignee_id"] == "a-1")
            #expect(changed["is_archived"] == true)
            #expect(changed["title"] == "New")
            let merged = try bot.expect(200, "PATCH", "/api/v1/chats/\(id)", json: #"{"metadata_merge":{"b":"x","d":true},"assignee_id":null}"#)
            #expect(merged["metadata"] == ["a": 1, "b": "x", "d": true])
            #expect(merged["assignee_id"] == .null)
            let replaced = try agent.expect(200, "PATCH", "/api/v1/chats/\(id)", json: #"{"metadata":{"z":0}}"#)
            #expect(replaced["metadata"] == ["z": 0])
            #expect(replaced["updated_at"] != changed["updated_at"])
            for body in [#"{"status":"done"}"#, #"{"priority":5}"#, #"{"priority":1.5}"#, #"{"is_archived":"yes"}"#,
                         #"{"metadata":[]}"#, #"{"metadata":{},"metadata_merge":{}}"#, #"{"colour":"red"}"#, #"{"assignee_id":""}"#] {
                let response = try agent.call("PATCH", "/api/v1/chats/\(id)", json: body)
                #expect(response.status == 400, "\(body)")
                #expect(response.errorCode == "bad_field", "\(body)")
            }
        }
    }

    @Test func scopesNarrowEverything() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            let scoped = app.caller(site, role: "agent", sub: "a-7", scope: ["metadata": ["project_id": 1]])
            let inside = try scoped.expect(201, "POST", "/api/v1/chats", json: #"{"metadata":{"topic":"billing"}}"#)
            #expect(inside["metadata"] == ["topic": "billing", "project_id": 1], "a chat created under a scope gets its values")
            #expect(try scoped.call("POST", "/api/v1/chats", json: #"{"metadata":{"project_id":2}}"#).status == 403)
            let outside = try admin.expect(201, "POST", "/api/v1/chats", json: #"{"metadata":{"project_id":2}}"#)["id"]?.stringValue ?? ""
            _ = try admin.expect(201, "POST", "/api/v1/chats", json: "{}")
            let listed = try scoped.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue ?? []
            #expect(listed.map { $0["id"] } == [inside["id"]])
            #expect(try scoped.expect(200, "GET", "/api/v1/chats?metadata__project_id=2")["chats"]?.arrayValue?.isEmpty == true)
            #expect(try scoped.call("GET", "/api/v1/chats/\(outside)").status == 404)
            let insideID = inside["id"]?.stringValue ?? ""
            let moved = try scoped.call("PATCH", "/api/v1/chats/\(insideID)", json: #"{"metadata":{"project_id":2}}"#)
            #expect(moved.status == 403)
            #expect(try admin.expect(200, "GET", "/api/v1/chats/\(insideID)")["metadata"]?["project_id"] == 1)
            #expect(try admin.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.count == 3)
        }
    }

    @Test func pagesCoverEveryChatOnceInEveryOrder() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a-1")
            var ids: [String] = []
            for index in 0..<11 {
                let chat = try agent.expect(201, "POST", "/api/v1/chats", json: #"{"priority":\#(index % 3)}"#)
                ids.append(chat["id"]?.stringValue ?? "")
            }
            for order in ["-last_activity_at", "last_activity_at", "-created_at", "created_at", "-priority", "priority"] {
                var seen: [String] = []
                var cursor: String?
                var pages = 0
                repeat {
                    let query = "order=\(order)&limit=4" + (cursor.map { "&cursor=\($0)" } ?? "")
                    let page = try agent.expect(200, "GET", "/api/v1/chats?\(query)")
                    seen += (page["chats"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
                    cursor = page["next_cursor"]?.stringValue
                    pages += 1
                } while cursor != nil && pages < 10
                #expect(seen.count == 11, "\(order)")
                #expect(Set(seen) == Set(ids), "\(order)")
                if order.hasSuffix("priority") {
                    let all = try agent.expect(200, "GET", "/api/v1/chats?order=\(order)&limit=200")["chats"]?.arrayValue ?? []
                    let priorities = all.compactMap { $0["priority"]?.intValue }
                    #expect(priorities == (order.hasPrefix("-") ? priorities.sorted(by: >) : priorities.sorted()), "\(order)")
                    #expect(all.compactMap { $0["id"]?.stringValue } == seen, "\(order): pages follow the full order")
                }
            }
            for query in ["limit=0", "limit=201", "limit=x", "order=title", "cursor=nope", "cursor=bGFzdA", "limit=1&limit=2"] {
                let response = try agent.call("GET", "/api/v1/chats?\(query)")
                #expect(response.status == 400, "\(query)")
                #expect(response.errorCode == "bad_field", "\(query)")
            }
            let firstPage = try agent.expect(200, "GET", "/api/v1/chats?order=created_at&limit=2")
            let cursor = try #require(firstPage["next_cursor"]?.stringValue)
            #expect(try agent.call("GET", "/api/v1/chats?order=priority&cursor=\(cursor)").status == 400, "a cursor belongs to its order")
        }
    }

    @Test func badRequestsStoreNothing() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a-1")
            let cases: [(String, Int, String)] = [
                (#"{"title":"x","owner":"y"}"#, 400, "bad_field"),
                (#"{"metadata":"x"}"#, 400, "bad_field"),
                (#"{"metadata":{"big":"\#(String(repeating: "x", count: 17_000))"}}"#, 400, "bad_field"),
                (#"{"priority":9}"#, 400, "bad_field"),
                (#"{"title":"\#(String(repeating: "t", count: 201))"}"#, 400, "bad_field"),
                ("{", 400, "bad_json"),
            ]
            for (body, status, code) in cases {
                let response = try agent.call("POST", "/api/v1/chats", json: body)
                #expect(response.status == status, "\(body.prefix(40))")
                #expect(response.errorCode == code, "\(body.prefix(40))")
            }
            let plain = try agent.call("POST", "/api/v1/chats", headers: [("Content-Type", "text/plain")])
            #expect(plain.status == 415)
            let mediaTypes = [("Application/JSON; charset=utf-8", 201), (" application/json\t", 201), ("application/json;", 201),
                              ("application/jsonx", 415), ("application/json-patch+json", 415), ("json", 415), (";", 415)]
            for (mediaType, status) in mediaTypes {
                let response = try httpRequest(port: app.port, "POST", "/api/v1/chats",
                                               headers: [("Authorization", "Bearer \(agent.token)"), ("Content-Type", mediaType)],
                                               body: #"{"title":"typed"}"#)
                #expect(response.status == status, "\(mediaType)")
            }
            let failedFirstMessage = try agent.call("POST", "/api/v1/messages", json: #"{"text":"   ","title":"x"}"#)
            #expect(failedFirstMessage.status == 400)
            let titles = try agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.map { $0["title"]?.stringValue }
            #expect(titles == ["typed", "typed", "typed"], "no partial chat was left")
            #expect(try app.request("GET", "/api/v1/chats").status == 401)
        }
    }
}
