import JSON
import Testing
import TestSupport

/// `--demo`: a demo website and an agent token for the page at `/`, and nothing of it without.
@Suite struct DemoModeTests {
    @Test func demoModeHandsThePageAWebsiteAndAnAgentToken() async throws {
        try await withApp(demo: true) { app in
            let demo = try app.request("GET", "/api/v1/demo")
            #expect(demo.status == 200)
            let body = try demo.json()
            let websiteID = try #require(body["website_id"]?.stringValue)
            let token = try #require(body["agent_token"]?.stringValue)
            let agent = TestApp.Caller(app: app, token: token)
            #expect(try agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.isEmpty == true)
            // The widget of the page gets its visitor session like on any site.
            let session = try app.request("POST", "/api/v1/widget/sessions", json: #"{"website_id":"\#(websiteID)"}"#)
            #expect(session.status == 201)
            #expect(try session.json()["widget"]?["title"]?.stringValue == "Demo shop")
            // The same website on every request (and on every start with this data directory).
            let again = try app.request("GET", "/api/v1/demo").json()
            #expect(again["website_id"]?.stringValue == websiteID)
            let listed = try app.request("GET", "/api/v1/websites", headers: app.operatorHeader).json()["websites"]?.arrayValue
            #expect(listed?.count == 1)
        }
    }

    @Test func withoutDemoModeThereIsNoDemo() async throws {
        try await withApp { app in
            let response = try app.request("GET", "/api/v1/demo")
            #expect(response.status == 404)
        }
    }
}
