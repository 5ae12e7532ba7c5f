import Auth
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
}
