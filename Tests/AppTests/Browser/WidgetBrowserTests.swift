import BrowserSupport
import Glibc
import JSON
import Testing
import TestSupport

/// `Public/widget.js` on a customer's page in a real headless Chromium against a real server: the
/// page comes from another origin than the server (see `WidgetHostPage`), visitors talk to
/// agents who use the REST API, and everything the widget draws is checked in its shadow root.
@Suite(.serialized) struct WidgetBrowserTests {
    static let settings = ##"{"title":"Shop support","color":"#0f766e","greeting":"Hello from the shop!","position":"right"}"##

    @Test func loadsFromAnotherOriginWithStylesKeptApartBothWays() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            // Hostile rules, and host elements with the widget's own class names: neither side may touch the other.
            let hostile = """
                <style>
                  * { color: red !important; font-size: 40px !important; font-family: serif !important; font-style: italic !important;
                      letter-spacing: 4px !important; text-transform: uppercase !important; visibility: visible !important; }
                  button { display: none !important; }
                  div, p, header, textarea { margin: 30px !important; padding: 30px !important; background: yellow !important; }
                  webchat-widget { display: none !important; top: 0 !important; }
                </style>
                """
            let probes = """
                <p class="greeting">Host paragraph</p>
                <button class="launcher send">Host button</button>
                <ol class="messages"><li class="msg me"><div class="bubble">Host item</div></li></ol>
                <script>
                  window.hostStyles = () => [".greeting", ".launcher", ".messages", ".msg", ".bubble"].map((selector) => {
                    const style = getComputedStyle(document.querySelector(selector));
                    return [style.color, style.fontSize, style.display, style.backgroundColor, style.margin, style.padding,
                            style.borderRadius, style.position].join(" ");
                  });
                  window.stylesBefore = hostStyles();
                </script>
                """
            // A session saved long ago has expired: the widget must not reuse it.
            let expired = """
                <script>localStorage.setItem("webchat:\(site.id)", JSON.stringify(
                  { token: "expired", visitor_id: "v_old", expires_at: "2020-01-01T00:00:00.000Z" }));</script>
                """
            let url = try app.hostPage("hostile", website: site.id,
                                       attributes: [("data-title", "Ask us"), ("data-color", "#0a7d36"), ("data-position", "left")],
                                       head: hostile, body: probes, beforeWidget: expired)
            try withBrowser { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                #expect(try browser.executeScript("return location.origin").stringValue == app.siteOrigin)

                // The attributes win over the website's settings (teal, on the right).
                let launcher = try browser.executeScript("""
                    const launcher = $w('.launcher'), style = getComputedStyle(launcher);
                    return [launcher.tagName, launcher.getAttribute('aria-label'), style.backgroundColor, style.display,
                            launcher.getBoundingClientRect().left < 100];
                    """)
                #expect(launcher == ["BUTTON", "Open chat", "rgb(10, 125, 54)", "grid", true])

                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("$w('.status').dataset.mode === 'websocket'")
                // The greeting comes from the settings; nothing of the host's rules reaches inside.
                let panel = try browser.executeScript("""
                    const title = getComputedStyle($w('h2')), greeting = getComputedStyle($w('.greeting'));
                    return [$w('h2').textContent, title.fontSize, title.color, $w('.greeting').textContent, greeting.fontSize,
                            greeting.color, greeting.fontStyle, greeting.letterSpacing, greeting.textTransform,
                            getComputedStyle($w('.log')).backgroundColor, getComputedStyle($w('textarea')).fontFamily.startsWith('system-ui'),
                            widget().activeElement === $w('textarea'), isShown('.send'), isShown('.close')];
                    """)
                #expect(panel == ["Ask us", "17px", "rgb(255, 255, 255)", "Hello from the shop!", "14px", "rgb(17, 24, 39)",
                                  "normal", "normal", "none", "rgb(249, 250, 251)", true, true, true, true])
                #expect(try browser.executeScript("return JSON.stringify(hostStyles()) === JSON.stringify(stylesBefore)") == true)

                let session = try browser.executeScript("return JSON.parse(localStorage.getItem(arguments[0]))",
                                                        arguments: [.string("webchat:" + site.id)])
                #expect(session["token"]?.stringValue?.hasPrefix("eyJ") == true)
                #expect(session["visitor_id"]?.stringValue?.hasPrefix("v_") == true)
                #expect(session["visitor_id"] != "v_old")
                let severe = try browser.browserLog().filter { $0.hasPrefix("SEVERE") }
                #expect(severe.isEmpty, "\(severe)")
            }
        }
    }

    @Test func aVisitorAndAnAgentTalkAndTheNextPageShowsTheHistory() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada")
            let url = try app.hostPage("shop", website: site.id)
            try withBrowser(windowWidth: 1100, windowHeight: 760) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                // The website's settings, since no attribute overrides them.
                let launcher = try browser.executeScript("""
                    const box = $w('.launcher').getBoundingClientRect();
                    return [getComputedStyle($w('.launcher')).backgroundColor, box.right > innerWidth - 100, $w('h2').textContent];
                    """)
                #expect(launcher == ["rgb(15, 118, 110)", true, "Shop support"])
                // A visitor who never opens the chat is not made one.
                #expect(try browser.executeScript("return localStorage.length") == 0)

                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("widget().activeElement === $w('textarea')")
                let composer = try browser.executeScript("return $w('textarea')")
                try browser.type("Hello, I need help with my order" + Browser.enterKey, into: composer)
                try browser.waitUntil("bubbles().length === 1")

                let session = try browser.executeScript("return JSON.parse(localStorage.getItem(arguments[0]))",
                                                        arguments: [.string("webchat:" + site.id)])
                let visitorID = try #require(session["visitor_id"]?.stringValue)
                let visitor = TestApp.Caller(app: app, token: try #require(session["token"]?.stringValue))
                let chats = try agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue ?? []
                try #require(chats.count == 1)
                let chatID = try #require(chats[0]["id"]?.stringValue)
                #expect(chats[0]["visitor"]?["id"]?.stringValue == visitorID)
                #expect(chats[0]["last_message"]?["text"] == "Hello, I need help with my order")
                #expect(try browser.executeScript("return JSON.parse(localStorage.getItem(arguments[0]))",
                                                  arguments: [.string("webchat:\(site.id):chat:\(visitorID)")]).stringValue == chatID)

                // The agent types, then answers: the widget shows both and announces the answer.
                let cursor = try #require(agent.expect(200, "GET", "/api/v1/events")["cursor"]?.stringValue)
                _ = try agent.expect(204, "POST", "/api/v1/chats/\(chatID)/typing", json: #"{"state":"start"}"#)
                try browser.waitUntil("isShown('.typing') && $w('.typing').textContent === 'Ada is typing…'")
                _ = try agent.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"Hi! Ada here. Which order is it?"}"#)
                try browser.waitUntil("bubbles().length === 2")
                let reply = try browser.executeScript("""
                    const last = $$w('.msg').at(-1);
                    return [last.className, last.querySelector('.who').textContent, isShown('.typing'), $w('[aria-live=polite]').textContent];
                    """)
                #expect(reply == ["msg them", "Ada", false, "Ada: Hi! Ada here. Which order is it?"])
                // Shown in the open panel, so read: the visitor's read mark moves past it.
                try eventually("the visitor's read mark") {
                    try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)")["unread_count"] == 0
                }

                // The visitor types: the agent sees it through the realtime stream.
                try browser.type("It is order 1234", into: composer)
                try eventually("the visitor's typing event") {
                    let events = try agent.expect(200, "GET", "/api/v1/events?cursor=\(cursor)")["events"]?.arrayValue ?? []
                    return events.contains { $0["type"] == "typing" && $0["data"]?["principal"]?["id"]?.stringValue == visitorID
                        && $0["data"]?["state"] == "start" }
                }
                try browser.type(Browser.enterKey, into: composer)
                try browser.waitUntil("bubbles().length === 3")

                // The next page: same visitor, same chat, history from REST, nothing twice.
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("bubbles().length === 3 && $w('.status').dataset.mode === 'websocket'")
                #expect(try browser.executeScript("return bubbles()")
                        == ["Hello, I need help with my order", "Hi! Ada here. Which order is it?", "It is order 1234"])
                #expect(try browser.executeScript("return JSON.parse(localStorage.getItem(arguments[0])).token",
                                                  arguments: [.string("webchat:" + site.id)]).stringValue == visitor.token)
                #expect(try agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.count == 1)

                _ = try agent.expect(204, "POST", "/api/v1/chats/\(chatID)/typing", json: #"{"state":"start"}"#)
                try browser.waitUntil("isShown('.typing')")
                try browser.screenshot(to: try screenshotPath("widget.png"))
            }
        }
    }

    @Test func messagesAreShownAsTextNeverAsMarkup() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "<b>Ada</b>")
            let fromVisitor = ["<img src=x onerror=alert(1)>", "<script>alert(2)</script>"]
            let fromAgent = [#""><svg onload=alert(3)><b>bold</b>"#, "javascript:alert(4)", "Docs: https://example.com/help?q=1&x=2."]
            let alarm = "<script>window.alerts = []; window.alert = (text) => alerts.push(text);</script>"
            let url = try app.hostPage("xss", website: site.id, beforeWidget: alarm)
            let rendered = """
                const shown = $$w('.messages .bubble');
                return [shown.slice(0, 4).every((bubble) => bubble.children.length === 0),
                        shown[4].children.length === 1 && shown[4].firstElementChild.tagName === 'A'
                          && shown[4].firstElementChild.href === 'https://example.com/help?q=1&x=2'
                          && shown[4].firstElementChild.textContent === 'https://example.com/help?q=1&x=2',
                        $$w('.messages img, .messages script, .messages svg, .messages b').length, document.images.length,
                        alerts.length, $$w('.who').map((who) => who.textContent)];
                """
            let safe: JSONValue = [true, true, 0, 0, 0, ["<b>Ada</b>", "<b>Ada</b>", "<b>Ada</b>"]]
            try withBrowser { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try browser.click(browser.executeScript("return $w('.launcher')"))
                let composer = try browser.executeScript("return $w('textarea')")
                for text in fromVisitor {
                    try browser.type(text + Browser.enterKey, into: composer)
                }
                try browser.waitUntil("bubbles().length === 2")
                // The second message waited for the chat the first one created.
                let chats = try agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue ?? []
                try #require(chats.count == 1)
                #expect(chats[0]["message_count"] == 2)
                let chatID = try #require(chats[0]["id"]?.stringValue)
                for text in fromAgent {
                    _ = try agent.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: Self.json(["text": .string(text)]))
                }
                try browser.waitUntil("bubbles().length === 5")
                #expect(try browser.executeScript("return bubbles()") == .array((fromVisitor + fromAgent).map { .string($0) }))
                #expect(try browser.executeScript(rendered) == safe)

                // History comes through REST: the same, as text.
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("bubbles().length === 5")
                #expect(try browser.executeScript("return bubbles()") == .array((fromVisitor + fromAgent).map { .string($0) }))
                #expect(try browser.executeScript(rendered) == safe)
            }
        }
    }

    @Test func theJavaScriptAPIQueuesCallsOpensClosesCountsUnreadAndIdentifies() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada")
            // Calls made before the script ran, the way the snippet queues them.
            let queue = """
                <script>
                  window.calls = [];
                  window.WebChat = window.WebChat || [];
                  WebChat.push(["on", "open", () => calls.push("open")], ["on", "close", () => calls.push("close")],
                               ["on", "message", (message) => calls.push("message:" + message.text)],
                               ["on", "unread", (count) => calls.push("unread:" + count)],
                               ["on", "connection", (mode) => calls.push("connection:" + mode)]);
                  WebChat.push(["setMetadata", { plan: "pro", cart: { items: 2 } }]);
                </script>
                """
            let url = try app.hostPage("api", website: site.id, attributes: [("data-metadata", #"{"plan":"free","source":"tag"}"#)],
                                       beforeWidget: queue)
            try withBrowser { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher') && typeof WebChat.open === 'function'")

                _ = try browser.executeScript("WebChat.open()")
                #expect(try browser.executeScript("return isShown('.panel')") == true)
                _ = try browser.executeScript("WebChat.toggle()")
                #expect(try browser.executeScript("return isShown('.panel')") == false)
                _ = try browser.executeScript("window.ignored = 0; WebChat.on('open', () => ignored++)(); WebChat.toggle()")
                #expect(try browser.executeScript("return [isShown('.panel'), ignored, calls.filter((call) => call === 'open' || call === 'close')]") == [true, 0, ["open", "close", "open"]])

                try browser.type("Where is my parcel?" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("calls.includes('message:Where is my parcel?')")
                #expect(try browser.executeScript("return calls.includes('connection:websocket')") == true)
                let anonymousChat = try #require(agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.first)
                let chatID = try #require(anonymousChat["id"]?.stringValue)
                #expect(anonymousChat["metadata"] == ["plan": "pro", "cart": ["items": 2]])

                // Closed: answers are counted on the launcher, and the count clears on opening.
                _ = try browser.executeScript("WebChat.close()")
                for text in ["It left today.", "Tracking number 42."] {
                    _ = try agent.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: Self.json(["text": .string(text)]))
                }
                try browser.waitUntil("isShown('.badge') && $w('.badge').textContent === '2'")
                #expect(try browser.executeScript("return $w('.launcher').getAttribute('aria-label')") == "Open chat, 2 unread messages")
                #expect(try browser.executeScript("return calls.filter((call) => call.startsWith('unread:'))") == ["unread:1", "unread:2"])
                let visitorToken = try #require(browser.executeScript("return JSON.parse(localStorage.getItem(arguments[0])).token",
                                                                      arguments: [.string("webchat:" + site.id)]).stringValue)
                let anonymous = TestApp.Caller(app: app, token: visitorToken)
                #expect(try anonymous.expect(200, "GET", "/api/v1/chats/\(chatID)")["unread_count"] == 2)
                _ = try browser.executeScript("WebChat.open()")
                #expect(try browser.executeScript("return [isShown('.badge'), calls.at(-2), $w('.launcher').getAttribute('aria-label')]")
                        == [false, "unread:0", "Close chat"])
                try eventually("the read mark of the opened chat") {
                    try anonymous.expect(200, "GET", "/api/v1/chats/\(chatID)")["unread_count"] == 0
                }
                #expect(try browser.executeScript("return calls.filter((call) => call.startsWith('message:'))")
                        == ["message:Where is my parcel?", "message:It left today.", "message:Tracking number 42."])

                // An identified visitor: their own (empty) conversation, and a new chat with the metadata.
                let vera = TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "customer-42", name: "Vera")
                _ = try browser.executeScript("WebChat.identify(arguments[0])", arguments: [.string(vera)])
                try browser.waitUntil("bubbles().length === 0")
                try browser.type("Hi, I am Vera" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().length === 1")
                let veraChats = try agent.expect(200, "GET", "/api/v1/chats?visitor_id=customer-42")["chats"]?.arrayValue ?? []
                try #require(veraChats.count == 1)
                #expect(veraChats[0]["visitor"]?["name"] == "Vera")
                #expect(veraChats[0]["metadata"] == ["plan": "pro", "cart": ["items": 2]])
                #expect(veraChats[0]["last_message"]?["text"] == "Hi, I am Vera")
                let veraChatID = try #require(veraChats[0]["id"]?.stringValue)
                _ = try agent.expect(201, "POST", "/api/v1/chats/\(veraChatID)/messages", json: #"{"text":"Welcome back, Vera."}"#)
                try browser.waitUntil("bubbles().length === 2")
                #expect(try browser.executeScript("return bubbles()") == ["Hi, I am Vera", "Welcome back, Vera."])
                #expect(try anonymous.expect(200, "GET", "/api/v1/chats/\(chatID)")["message_count"] == 3)

                // A fresh token for the same visitor keeps the conversation on screen.
                let refreshed = TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "customer-42",
                                              expiresIn: 7200, name: "Vera")
                _ = try browser.executeScript("window.kept = $$w('.msg')[0]; WebChat.identify(arguments[0])", arguments: [.string(refreshed)])
                _ = try agent.expect(201, "POST", "/api/v1/chats/\(veraChatID)/messages", json: #"{"text":"Still here?"}"#)
                try browser.waitUntil("bubbles().length === 3")
                #expect(try browser.executeScript("return $$w('.msg')[0] === kept") == true)
            }
        }
    }

    @Test func anIdentifiedVisitorFindsTheirChatFromAnotherDevice() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada")
            let vera = app.caller(site, role: "visitor", sub: "customer-42", name: "Vera")
            // Earlier, elsewhere: a long conversation, and an answer Vera has not read yet.
            let chatID = try #require(vera.expect(201, "POST", "/api/v1/messages", json: #"{"text":"message 1"}"#)["chat"]?["id"]?.stringValue)
            for number in 2...54 {
                _ = try vera.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"message \#(number)"}"#)
            }
            _ = try agent.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"message 55"}"#)
            let url = try app.hostPage("account", website: site.id, attributes: [("data-token", vera.token)])
            try withBrowser { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.badge') && $w('.badge').textContent === '1'")
                #expect(try browser.executeScript("return localStorage.getItem(arguments[0])", arguments: [.string("webchat:" + site.id)]) == nil,
                        "an identified visitor needs no anonymous session")

                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("!isShown('.badge') && bubbles().length === 50")
                #expect(try browser.executeScript("return [bubbles()[0], bubbles().at(-1), isShown('.earlier')]") == ["message 6", "message 55", true])
                try eventually("Vera's read mark") {
                    try vera.expect(200, "GET", "/api/v1/chats/\(chatID)")["unread_count"] == 0
                }
                try browser.click(browser.executeScript("return $w('.earlier')"))
                try browser.waitUntil("bubbles().length === 55")
                #expect(try browser.executeScript("return bubbles()") == .array((1...55).map { .string("message \($0)") }))
                #expect(try browser.executeScript("return isShown('.earlier')") == false)
            }
        }
    }

    @Test func aRefusedVisitorTokenWaitsForIdentify() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            let expired = TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "customer-7", expiresIn: -600)
            let url = try app.hostPage("expired", website: site.id, attributes: [("data-token", expired)])
            try withBrowser { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("$w('.status').dataset.mode === 'unavailable'")
                #expect(try browser.executeScript("return $w('.status').textContent") == "Chat is unavailable right now")
                #expect(try browser.executeScript("return localStorage.getItem(arguments[0])", arguments: [.string("webchat:" + site.id)]) == nil,
                        "a refused identified visitor must not become an anonymous one")

                let fresh = TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "customer-7")
                _ = try browser.executeScript("WebChat.identify(arguments[0])", arguments: [.string(fresh)])
                try browser.waitUntil("$w('.status').dataset.mode === 'websocket'")
                try browser.type("Back again" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().length === 1")
            }
        }
    }

    @Test func worksWithTheKeyboardAlone() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            let url = try app.hostPage("keyboard", website: site.id)
            try withBrowser { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                let launcher = try browser.executeScript("return $w('.launcher')")
                let roles = try browser.executeScript("""
                    const panel = $w('.panel'), launcher = $w('.launcher');
                    return [panel.getAttribute('role'), widget().getElementById(panel.getAttribute('aria-labelledby')).textContent,
                            launcher.getAttribute('aria-controls') === panel.id, launcher.getAttribute('aria-expanded'),
                            $w('[aria-live]').getAttribute('aria-live'), $w('textarea').labels[0].textContent];
                    """)
                #expect(roles == ["dialog", "Shop support", true, "false", "polite", "Message"])

                // Enter on the launcher opens the panel with the focus in the composer.
                try browser.type(Browser.enterKey, into: launcher)
                try browser.waitUntil("isShown('.panel') && widget().activeElement === $w('textarea')")
                #expect(try browser.executeScript("return $w('.launcher').getAttribute('aria-expanded')") == "true")
                let composer = try browser.executeScript("return $w('textarea')")
                // Shift+Enter is a new line, Enter sends.
                try browser.type("line one" + Self.shift + Browser.enterKey + Self.releaseKeys + "line two" + Browser.enterKey, into: composer)
                try browser.waitUntil("bubbles().length === 1")
                #expect(try browser.executeScript("return [bubbles()[0], $w('textarea').value]") == ["line one\nline two", ""])

                // Every control of the panel is in the tab order; Tab leaves the composer for the send button.
                #expect(try browser.executeScript("return $$w('.panel button, .panel textarea, .log').filter((node) => node.checkVisibility()).every((node) => node.tabIndex === 0)") == true)
                try browser.type(Self.tab, into: composer)
                #expect(try browser.executeScript("return widget().activeElement === $w('.send')") == true)

                // Escape closes and hands the focus back to the launcher.
                try browser.type(Self.escape, into: composer)
                try browser.waitUntil("!isShown('.panel')")
                #expect(try browser.executeScript("""
                    return [widget().activeElement === $w('.launcher'), document.activeElement === document.querySelector('webchat-widget'),
                            $w('.launcher').getAttribute('aria-expanded')];
                    """) == [true, true, "false"])

                // So does the close button, from the keyboard.
                try browser.type(Browser.enterKey, into: launcher)
                try browser.waitUntil("widget().activeElement === $w('textarea')")
                try browser.type(Browser.enterKey, into: browser.executeScript("return $w('.close')"))
                try browser.waitUntil("!isShown('.panel') && widget().activeElement === $w('.launcher')")
            }
        }
    }

    @Test func theEmbedFilesAreSmallAndLoadableFromOtherSites() async throws {
        try await withApp(publicFiles: [:]) { app in
            let widget = try app.request("GET", "/widget.js", headers: [("Accept-Encoding", "gzip")])
            #expect(widget.status == 200)
            #expect(widget.header("Content-Type") == "text/javascript; charset=utf-8")
            #expect(widget.header("Content-Encoding") == "gzip")
            #expect(widget.body.count <= 15 * 1024, "widget.js is \(widget.body.count) bytes gzipped; the budget is 15 KB")
            // The widget imports the realtime client as a module, which a browser runs across origins only with CORS.
            let module = try app.request("GET", "/realtime-client.js", headers: [("Origin", "https://shop.example")])
            #expect(module.header("Access-Control-Allow-Origin") == "*")
        }
    }

    // MARK: Helpers

    /// WebDriver key codes: Shift stays down until `releaseKeys`.
    static let shift = "\u{E008}"
    static let releaseKeys = "\u{E000}"
    static let tab = "\u{E004}"
    static let escape = "\u{E00C}"

    static func json(_ object: JSONValue) -> String {
        String(decoding: object.encoded(), as: UTF8.self)
    }

}
