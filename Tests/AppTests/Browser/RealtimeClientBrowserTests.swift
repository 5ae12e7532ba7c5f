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
        window.attempts = [];
        class GatedWebSocket extends WebSocket {
          constructor(url) {
            window.attempts.push(performance.now());
            if (window.blockSockets) throw new Error("WebSocket blocked");
            super(url);
            window.sockets.push(this);
          }
        }
        window.dropSockets = () => { for (const socket of window.sockets) socket.close(); window.sockets = []; };
        // Every poll's start time, to check the client's cadence.
        const recordingFetch = (url, init) => {
          if (String(url).includes("/api/v1/events")) window.polls.push(performance.now());
          return fetch(url, init);
        };
        window.start = (token, filters, cursor) => {
          window.events = []; window.modes = []; window.errors = []; window.polls = []; window.resets = 0;
          window.client = new RealtimeClient({ server: location.origin, token, filters, cursor,
                                               WebSocket: GatedWebSocket, fetch: recordingFetch });
          client.addEventListener("event", (e) => events.push(e.detail));
          client.addEventListener("mode", (e) => modes.push(e.detail));
          client.addEventListener("error", (e) => errors.push(e.detail.code));
          client.addEventListener("reset", () => { window.resets += 1; });
          client.start();
        };
        window.texts = () => events.filter((e) => e.type === "message.created").map((e) => e.data.text);
        window.ready = true;
        </script>
        """

    /// A fresh server with one website and the page above loaded in a fresh browser, ready for
    /// `start(token, filters, cursor)`.
    static func withClientPage(
        _ body: @escaping @Sendable (TestApp, _ site: (id: String, secret: String), Browser) throws -> Void
    ) async throws {
        try await withApp(publicFiles: ["test/realtime.html": page]) { app in
            let site = try app.createWebsite()
            try withBrowser { browser in
                try browser.navigate(to: "http://127.0.0.1:\(app.port)/test/realtime.html")
                try browser.waitUntil("window.ready === true")
                try body(app, site, browser)
            }
        }
    }

    /// A bot's token: bots see every chat of the website and announce no presence.
    static func botToken(_ app: TestApp, _ site: (id: String, secret: String)) -> String {
        app.caller(site, role: "bot", sub: "b1").token
    }

    @Test func fallsBackToPollingAndReturnsWithNothingLostOrDoubled() async throws {
        try await Self.withClientPage { app, site, browser in
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let agentToken = Self.botToken(app, site)
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
            // It polls every 5 s: two more polls, each started at least 5 s after the one
            // before (a timer never fires early); the next starts 5 s after an answer, which a
            // loaded machine may give seconds late, so the upper bound only says it keeps polling.
            let pollsSoFar = try #require(browser.executeScript("return polls.length").intValue)
            try browser.waitUntil("polls.length >= \(pollsSoFar + 2)", timeoutSeconds: 30)
            let polls = try browser.executeScript("return polls").arrayValue?.compactMap(\.doubleValue) ?? []
            let gaps = zip(polls[(pollsSoFar - 1)...], polls[pollsSoFar...]).map { $1 - $0 }
            #expect(gaps.count >= 2 && gaps.allSatisfy { (4_990...20_000).contains($0) }, "\(gaps)")
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

    /// A cursor the server no longer holds (here: one of another database) is refused with 410
    /// over either transport; the client says `reset` (the apps reload through REST) and goes on
    /// from now, live.
    @Test(arguments: [false, true])
    func anExpiredCursorResetsTheClientAndItGoesOnLive(polling: Bool) async throws {
        try await Self.withClientPage { app, site, browser in
            let token = Self.botToken(app, site)
            _ = try browser.executeScript("blockSockets = arguments[0]; start(arguments[1], {}, 'ffffffffff.1')",
                                          arguments: [.bool(polling), .string(token)])
            try browser.waitUntil("resets === 1 && client.mode === '\(polling ? "polling" : "websocket")'", timeoutSeconds: 30)
            try app.caller(site, role: "visitor", sub: "v1").sendMessage("after the reset")
            try browser.waitUntil("texts().includes('after the reset')", timeoutSeconds: 30)
            #expect(try browser.executeScript("return resets").intValue == 1)
        }
    }

    /// While WebSocket cannot connect the client retries it after 1 s, 2 s, 4 s …, each delay
    /// scaled by a random factor from 0.5 to 1.5, so that clients cut off together do not all
    /// come back in the same instant.
    @Test func aRefusedSocketIsRetriedWithExponentialBackoffAndJitter() async throws {
        try await Self.withClientPage { app, site, browser in
            let token = Self.botToken(app, site)
            _ = try browser.executeScript("blockSockets = true; start(arguments[0])", arguments: [.string(token)])
            try browser.waitUntil("attempts.length >= 4", timeoutSeconds: 40)
            let attempts = try browser.executeScript("return attempts").arrayValue?.compactMap(\.doubleValue) ?? []
            let gaps = Array(zip(attempts, attempts.dropFirst()).map { $1 - $0 }.prefix(3))
            let bases = [1_000.0, 2_000.0, 4_000.0]
            #expect(gaps.count == 3)
            for (gap, base) in zip(gaps, bases) {
                // A timer never fires early; a busy machine may fire it a little late.
                #expect(gap >= 0.5 * base - 5 && gap <= 1.5 * base + 1_000, "\(gaps)")
            }
            #expect(zip(gaps, bases).contains { abs($0 - $1) > 20 }, "the delays are jittered: \(gaps)")
            #expect(try browser.executeScript("return client.mode").stringValue == "polling")
        }
    }

    @Test func aHelloWithBadFiltersStopsUntilTheFiltersChange() async throws {
        try await Self.withClientPage { app, site, browser in
            let token = Self.botToken(app, site)
            _ = try browser.executeScript("start(arguments[0], { colour: 'red' })", arguments: [.string(token)])
            try browser.waitUntil("errors.includes('bad_filter') && client.mode === 'offline'")
            _ = try browser.executeScript("client.setFilters({ status: 'open' })")
            try browser.waitUntil("client.mode === 'websocket'")
            try app.caller(site, role: "visitor", sub: "v1").sendMessage("seen")
            try browser.waitUntil("texts().includes('seen')")
        }
    }

    @Test func aSendMadeOfflineGoesOutOnceWhenTheNetworkReturns() async throws {
        try await Self.withClientPage { app, site, browser in
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let chatID = try #require(visitor.sendMessage("hello")["chat_id"]?.stringValue)
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
            let messages = try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)/messages")["messages"]?.arrayValue ?? []
            #expect(messages.compactMap { $0["text"]?.stringValue } == ["hello", "written offline"])
        }
    }
}
