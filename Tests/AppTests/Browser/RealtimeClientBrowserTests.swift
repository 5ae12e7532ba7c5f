import BrowserSupport
import JSON
import Testing
import TestSupport

/// `Public/realtime-client.js` in a real headless Chromium against a real server: WebSocket
/// first, polling while the socket cannot connect, back to the socket, offline sends — and
/// every message exactly once.
@Suite(.serialized) struct RealtimeClientBrowserTests {
    /// A page that runs the client with a WebSocket the test can refuse (as a proxy that
    /// blocks WebSocket would) and close (as a dropped connection would).
    static let page = """
        <!doctype html><meta charset="utf-8"><title>realtime client</title>
        <script type="module">
        import { RealtimeClient } from "/realtime-client.js";
        window.blockSockets = false;
        window.sockets = [];
        class GatedWebSocket extends WebSocket {
          constructor(url) {
            if (window.blockSockets) throw new Error("WebSocket blocked");
            super(url);
            window.sockets.push(this);
          }
        }
        window.dropSockets = () => { for (const socket of window.sockets) socket.close(); window.sockets = []; };
        window.start = (token, filters) => {
          window.events = []; window.modes = []; window.errors = [];
          window.client = new RealtimeClient({ server: location.origin, token, filters, WebSocket: GatedWebSocket });
          client.addEventListener("event", (e) => events.push(e.detail));
          client.addEventListener("mode", (e) => modes.push(e.detail));
          client.addEventListener("error", (e) => errors.push(e.detail.code));
          client.start();
        };
        window.texts = () => events.filter((e) => e.type === "message.created").map((e) => e.data.text);
        window.ready = true;
        </script>
        """

    @Test func fallsBackToPollingAndReturnsWithNothingLostOrDoubled() async throws {
        try await withApp(publicFiles: ["test/realtime.html": Self.page]) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "bot", sub: "b1")
            try withBrowser { browser in
                try browser.navigate(to: "http://127.0.0.1:\(app.port)/test/realtime.html")
                try browser.waitUntil("window.ready === true")
                _ = try browser.executeScript("start(arguments[0])", arguments: [.string(agentToken)])
                try browser.waitUntil("client.mode === 'websocket'")

                let chatID = try #require(visitor.sendMessage("w1")["chat_id"]?.stringValue)
                try visitor.sendMessage("w2", chat: chatID)
                try browser.waitUntil("texts().length === 2")

                // WebSocket blocked: the client polls and still gets every message.
                _ = try browser.executeScript("blockSockets = true; dropSockets()")
                try browser.waitUntil("client.mode === 'polling'")
                for text in ["p1", "p2", "p3"] { try visitor.sendMessage(text, chat: chatID) }
                try browser.waitUntil("texts().length === 5")
                let sent = try browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    client.send({ chat_id: arguments[0], text: "from the page" }).then((ack) => done(ack.message.seq), (e) => done(String(e)));
                    """, arguments: [.string(chatID)])
                #expect(sent.intValue == 6)

                // WebSocket back: the client returns to it and resumes from its cursor.
                _ = try browser.executeScript("blockSockets = false")
                try browser.waitUntil("client.mode === 'websocket'", timeoutSeconds: 90)
                for text in ["w3", "w4"] { try visitor.sendMessage(text, chat: chatID) }
                try browser.waitUntil("texts().length === 8")
                let texts = try browser.executeScript("return texts()").arrayValue?.compactMap(\.stringValue)
                #expect(texts == ["w1", "w2", "p1", "p2", "p3", "from the page", "w3", "w4"])
                let ids = try browser.executeScript("return events.map((e) => e.id)").arrayValue?.compactMap(\.stringValue) ?? []
                #expect(Set(ids).count == ids.count)
                let modes = try browser.executeScript("return modes").arrayValue?.compactMap(\.stringValue)
                #expect(modes == ["websocket", "polling", "websocket"])
            }
        }
    }

    @Test func aHelloWithBadFiltersStopsUntilTheFiltersChange() async throws {
        try await withApp(publicFiles: ["test/realtime.html": Self.page]) { app in
            let site = try app.createWebsite()
            let token = TestApp.token(website: site.id, secret: site.secret, role: "bot", sub: "b1")
            try withBrowser { browser in
                try browser.navigate(to: "http://127.0.0.1:\(app.port)/test/realtime.html")
                try browser.waitUntil("window.ready === true")
                _ = try browser.executeScript("start(arguments[0], { colour: 'red' })", arguments: [.string(token)])
                try browser.waitUntil("errors.includes('bad_filter') && client.mode === 'offline'")
                _ = try browser.executeScript("client.setFilters({ status: 'open' })")
                try browser.waitUntil("client.mode === 'websocket'")
                try app.caller(site, role: "visitor", sub: "v1").sendMessage("seen")
                try browser.waitUntil("texts().includes('seen')")
            }
        }
    }

    @Test func aSendMadeOfflineGoesOutOnceWhenTheNetworkReturns() async throws {
        try await withApp(publicFiles: ["test/realtime.html": Self.page]) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let chatID = try #require(visitor.sendMessage("hello")["chat_id"]?.stringValue)
            try withBrowser { browser in
                try browser.navigate(to: "http://127.0.0.1:\(app.port)/test/realtime.html")
                try browser.waitUntil("window.ready === true")
                _ = try browser.executeScript("start(arguments[0])", arguments: [.string(visitor.token)])
                try browser.waitUntil("client.mode === 'websocket'")

                try browser.devTools("Network.enable")
                try browser.devTools("Network.emulateNetworkConditions", ["offline": true, "latency": 0,
                                                                          "downloadThroughput": -1, "uploadThroughput": -1])
                _ = try browser.executeScript("dropSockets()")
                try browser.waitUntil("client.mode === 'offline'")
                _ = try browser.executeScript("""
                    window.outcome = null;
                    client.send({ chat_id: arguments[0], text: "written offline" }).then((ack) => { outcome = ack.message.seq; }, (e) => { outcome = String(e); });
                    """, arguments: [.string(chatID)])
                try browser.devTools("Network.emulateNetworkConditions", ["offline": false, "latency": 0,
                                                                          "downloadThroughput": -1, "uploadThroughput": -1])
                try browser.waitUntil("outcome !== null", timeoutSeconds: 90)
                #expect(try browser.executeScript("return outcome").intValue == 2)
                try browser.waitUntil("texts().includes('written offline')")
            }
            let messages = try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)/messages")["messages"]?.arrayValue ?? []
            #expect(messages.compactMap { $0["text"]?.stringValue } == ["hello", "written offline"])
        }
    }
}
