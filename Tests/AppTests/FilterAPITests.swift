import JSON
import Testing
import TestSupport

/// The reference cases of the original Django app, through `GET /chats`.
@Suite("Filters over REST")
struct FilterAPITests {
    func ids(_ caller: TestApp.Caller, _ query: String) throws -> Set<String> {
        Set((try caller.expect(200, "GET", "/api/v1/chats?\(query)")["chats"]?.arrayValue ?? []).compactMap { $0["title"]?.stringValue })
    }

    @Test func djangoReferenceCases() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a-1")
            let chats: [(String, String)] = [
                ("p123", #"{"project_id":123,"owner":{"team":"core"},"tags":["vip","eu"],"score":10}"#),
                ("p123s", #"{"project_id":"123","owner":{"team":"growth"},"score":20}"#),
                ("p456", #"{"project_id":456,"owner":{"team":"core"},"score":30,"tags":["us"]}"#),
                ("empty", "{}"),
            ]
            for (title, metadata) in chats {
                _ = try agent.expect(201, "POST", "/api/v1/chats", json: #"{"title":"\#(title)","metadata":\#(metadata)}"#)
            }
            let archived = try agent.expect(201, "POST", "/api/v1/chats", json: #"{"title":"archived","metadata":{"project_id":123}}"#)
            _ = try agent.expect(200, "PATCH", "/api/v1/chats/\(archived["id"]?.stringValue ?? "")", json: #"{"is_archived":true}"#)

            #expect(try ids(agent, "metadata__project_id=123") == ["p123", "p123s", "archived"], "a number also finds its string")
            #expect(try ids(agent, "metadata__project_id=123&metadata__owner__team=core") == ["p123"])
            #expect(try ids(agent, "metadata__score__gte=20&metadata__score__lte=30") == ["p123s", "p456"])
            #expect(try ids(agent, "metadata__project_id=123&is_archived=false") == ["p123", "p123s"])
            #expect(try ids(agent, "metadata__owner__team=core") == ["p123", "p456"])
            #expect(try ids(agent, "metadata__tags__contains=vip") == ["p123"])
            #expect(try ids(agent, "metadata__project_id__isnull=true") == ["empty"])
            #expect(try ids(agent, "metadata__project_id__in=456,999") == ["p456"])
            #expect(try ids(agent, "metadata__owner__team__icontains=GROW") == ["p123s"])
            let empty = try agent.expect(200, "GET", "/api/v1/chats?metadata__project_id__isnull=true")["chats"]?.arrayValue?.first
            #expect(empty?["metadata"] == [:], "a chat without metadata answers {}")
            let full = try agent.expect(200, "GET", "/api/v1/chats?metadata__project_id=456")["chats"]?.arrayValue?.first
            #expect(full?["metadata"]?["owner"] == ["team": "core"], "metadata comes back whole")
        }
    }

    @Test func badFiltersNameTheirParameter() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a-1")
            for parameter in ["status__gte=open", "priority__contains=1", "colour=red", "status=done", "metadata__=1", "metadata___x=1",
                              "priority__gt=high", "created_at__gt=yesterday", "metadata__a%27%3B--=1"] {
                let response = try agent.call("GET", "/api/v1/chats?\(parameter)")
                #expect(response.status == 400, "\(parameter)")
                #expect(response.errorCode == "bad_filter", "\(parameter)")
                let name = parameter.split(separator: "=").first.map(String.init) ?? ""
                let decoded = name.replacingOccurrences(of: "%27", with: "'").replacingOccurrences(of: "%3B", with: ";")
                #expect((try? response.json())?["error"]?["message"]?.stringValue?.contains(decoded) == true, "\(parameter)")
            }
            #expect(try agent.call("GET", "/api/v1/chats?metadata__a=%ZZ").status == 400)
        }
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
