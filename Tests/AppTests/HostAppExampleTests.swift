import Auth
import BrowserSupport
import Glibc
import JSON
import Testing
import TestSupport

/// `Examples/host-app`: the backend signs a project-scoped agent token for its own user and the
/// page carries it to the sidebar; the token works against the real server and sees that
/// project only.
@Suite struct HostAppExampleTests {
    @Test func thePageCarriesAScopedAgentTokenThatSeesOneProject() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            try visitor.sendMessage("about project 7", metadata: #"{"project_id":7}"#)
            try visitor.sendMessage("about project 8", metadata: #"{"project_id":8}"#)

            let hostApp = try ChildProcess(builtProduct("webchat-host-app"), [
                "--server", "http://127.0.0.1:\(app.port)", "--website", site.id, "--project", "7", "--user", "alice", "--port", "0",
            ], environment: ["WEBCHAT_WEBSITE_SECRET": site.secret])
            defer {
                hostApp.signal(SIGTERM)
                _ = hostApp.wait()
            }
            let line = try #require(hostApp.waitForLine(containing: "listening on"))
            let port = try #require(line.split(separator: ":").last.flatMap { Int(String($0.filter(\.isNumber))) })
            let page = try httpRequest(port: port, "GET", "/")
            #expect(page.status == 200)
            #expect(page.text.contains(#"<webchat-sidebar server="http://127.0.0.1:\#(app.port)""#))
            #expect(!page.text.contains(site.secret))
            let token = try #require(page.text.split(separator: "token=\"").dropFirst().first?.split(separator: "\"").first.map(String.init))

            let verified = try TokenVerifier().verify(token, now: currentUnixTime()) { $0 == site.id ? site.secret : nil }
            #expect(verified.principal == Principal(id: "alice", role: .agent, name: "alice"))
            #expect(verified.scope.map { JSONValue.object($0).jsonText } == #"{"metadata":{"project_id":7}}"#)
            let chats = try TestApp.Caller(app: app, token: token).expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue ?? []
            #expect(chats.compactMap { $0["last_message"]?["text"]?.stringValue } == ["about project 7"])
        }
    }

    /// Pointed at the file demo mode writes (no secret in the environment or on the command line),
    /// on a phone-sized page: the sidebar shows the project's chat, and the page swaps in a new
    /// token before the old one expires, staying live with it.
    @Test func pointedAtTheDemoFileItRenewsItsTokenBeforeItExpires() async throws {
        try await withApp(publicFiles: [:], demo: true) { app in
            let file = app.dataDirectory + "/demo-website.json"
            let credentials = try JSONValue(parsing: try readFile(file))
            let site = (id: try #require(credentials["website_id"]?.stringValue), secret: try #require(credentials["secret"]?.stringValue))
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            try visitor.sendMessage("from the demo page", metadata: #"{"project_id":1}"#)

            let hostApp = try ChildProcess(builtProduct("webchat-host-app"), [
                "--server", "http://127.0.0.1:\(app.port)", "--website-file", file, "--project", "1", "--port", "0", "--token-ttl", "10",
            ])
            defer {
                hostApp.signal(SIGTERM)
                _ = hostApp.wait()
            }
            let line = try #require(hostApp.waitForLine(containing: "listening on"))
            let port = try #require(line.split(separator: ":").last.flatMap { Int(String($0.filter(\.isNumber))) })
            try withBrowser(on: .phone) { browser in
                try browser.navigate(to: "http://localhost:\(port)/")
                #expect(try browser.executeScript("return document.querySelector('meta[name=viewport]')?.content") == "width=device-width, initial-scale=1")
                let sidebar = "document.querySelector('webchat-sidebar')"
                try browser.waitUntil("\(sidebar).shadowRoot?.querySelector('.connection')?.textContent === 'Real-time'")
                try browser.waitUntil("\(sidebar).shadowRoot.querySelectorAll('[role=option]').length === 1")
                let first = try #require(browser.executeScript("return window.firstToken = \(sidebar).token").stringValue)
                // 80 % of 10 s: a new token comes within seconds, before the first one expires.
                try browser.waitUntil("\(sidebar).token !== window.firstToken", timeoutSeconds: 20)
                let renewed = try #require(browser.executeScript("return \(sidebar).token").stringValue)
                #expect(renewed != first)
                let verified = try TokenVerifier().verify(renewed, now: currentUnixTime()) { $0 == site.id ? site.secret : nil }
                #expect(verified.scope.map { JSONValue.object($0).jsonText } == #"{"metadata":{"project_id":1}}"#)
                // Still live with the new token: a new message of the project arrives.
                try visitor.sendMessage("after the renewal", metadata: #"{"project_id":1}"#)
                try browser.waitUntil("\(sidebar).shadowRoot.querySelectorAll('[role=option]').length === 2 && \(sidebar).mode === 'websocket'")
                #expect(try browser.browserLog().filter { $0.hasPrefix("SEVERE") } == [])
            }
        }
    }
}
