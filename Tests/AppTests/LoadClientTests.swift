import JSON
import LoadGenerator
import Testing
import TestSupport

/// The load generator's client against the real server: keep-alive, bodies of every size, and the
/// server's own `Connection: close`.
@Suite("Load client against the server")
struct LoadClientTests {
    @Test func keepsOneConnectionAliveForManyRequests() async throws {
        try await withApp { app in
            let client = ClientConnection(address: try ServerAddress(host: "127.0.0.1", port: app.port))
            let health = RequestTemplate(method: "GET", authority: "127.0.0.1:\(app.port)").request(target: "/healthz")
            for _ in 0..<200 {
                let response = try client.exchange(health)
                #expect(response.status == 200)
                #expect(try JSONValue(parsing: response.body) == ["status": "ok"])
            }
            #expect(client.socketsOpened == 1)
        }
    }

    @Test func createsChatsSendsMessagesAndReadsErrors() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let token = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "agent-1")
            let client = ClientConnection(address: try ServerAddress(host: "127.0.0.1", port: app.port))
            let template = RequestTemplate(method: "POST", authority: "127.0.0.1:\(app.port)",
                                           headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")])
            let created = try client.exchange(template.request(target: "/api/v1/chats", body: Array(#"{"title":"t"}"#.utf8)))
            #expect(created.status == 201)
            let chatID = try #require(try JSONValue(parsing: created.body)["id"]?.stringValue)
            for number in 1...20 {
                let sent = try client.exchange(template.request(target: "/api/v1/chats/\(chatID)/messages",
                                                                body: Array(#"{"text":"m\#(number)"}"#.utf8)))
                #expect(sent.status == 201)
                #expect(try JSONValue(parsing: sent.body)["seq"] == .int(number))
            }
            let missing = try client.exchange(template.request(target: "/api/v1/chats/ch_missing/messages", body: Array(#"{"text":"x"}"#.utf8)))
            #expect(missing.status == 404)
            #expect(try JSONValue(parsing: missing.body)["error"]?["code"] == "not_found")
            #expect(client.socketsOpened == 1)
        }
    }

    @Test func readsLargeBodiesAndReconnectsAfterConnectionClose() async throws {
        try await withApp { app in
            let large = String(repeating: "0123456789abcdef", count: 20_000)
            try app.publicDirectory.write("large.txt", large)
            let client = ClientConnection(address: try ServerAddress(host: "127.0.0.1", port: app.port))
            let plain = RequestTemplate(method: "GET", authority: "127.0.0.1:\(app.port)")
            let closing = RequestTemplate(method: "GET", authority: "127.0.0.1:\(app.port)", headers: [("Connection", "close")])
            #expect(try client.exchange(plain.request(target: "/large.txt")).text == large)
            #expect(try client.exchange(closing.request(target: "/large.txt")).text == large)
            #expect(client.socketsOpened == 1)
            #expect(try client.exchange(plain.request(target: "/large.txt")).text == large)
            #expect(client.socketsOpened == 2, "the server closed after `Connection: close`, so the client opened a new socket")
        }
    }
}
