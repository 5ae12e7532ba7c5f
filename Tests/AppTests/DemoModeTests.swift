import Auth
import Glibc
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

    /// The demo website's id and secret are in a file only its owner reads, which the log names
    /// (for `Examples/host-app --website-file`); the secret itself is never logged.
    @Test func theDemoWebsitesIdAndSecretAreInAPrivateFileTheLogNames() async throws {
        let data = try TemporaryDirectory("webchat-demo-file")
        defer { data.remove() }
        let store = data.path + "/store"
        let server = try ChildProcess(builtProduct("webchat"), ["serve", "--demo", "--port", "0", "--data-dir", store,
                                                                 "--public-dir", data.path])
        let line = try #require(try await onThread { server.waitForLine(containing: "listening on") })
        let port = try #require(Int(line.split(separator: ":").last ?? ""))
        let file = store + "/demo-website.json"
        var info = stat()
        #expect(stat(file, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let credentials = try JSONValue(parsing: try readFile(file))
        let id = try #require(credentials["website_id"]?.stringValue)
        let secret = try #require(credentials["secret"]?.stringValue)
        try await onThread {
            let demo = try JSONValue(parsing: try httpRequest(port: port, "GET", "/api/v1/demo").body)
            #expect(demo["website_id"]?.stringValue == id)
            // The secret in the file is the one that signs the demo's tokens.
            let token = try #require(demo["agent_token"]?.stringValue)
            #expect(throws: Never.self) { try TokenVerifier().verify(token, now: currentUnixTime()) { $0 == id ? secret : nil } }
        }
        server.signal(SIGTERM)
        #expect(try await onThread { server.wait() } == 0)
        let log = server.standardError
        #expect(log.contains("demo mode") && log.contains(file), "\(log)")
        #expect(!log.contains(secret), "the demo website's secret must never be logged")
    }

    @Test func withoutDemoModeThereIsNoDemo() async throws {
        try await withApp { app in
            let response = try app.request("GET", "/api/v1/demo")
            #expect(response.status == 404)
        }
    }
}

