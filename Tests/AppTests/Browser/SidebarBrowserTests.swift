import BrowserSupport
import Glibc
import JSON
import Testing
import TestSupport

/// `Public/sidebar.js` (contract §7) in a real headless Chromium against a real server: the list
/// and the open chat stay live, replies reach the server, filters switch without a reload, and
/// nothing a visitor writes is ever taken as HTML.
@Suite(.serialized) struct SidebarBrowserTests {
    static let projectOne = #"{"metadata__project_id":1}"#

    @Test func aVisitorMessageShowsLiveAndTheAgentsReplyReachesTheServerAndOtherObservers() async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1", name: "Vera")
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1", name: "Ada")
            let chatID = try visitor.send("Hello, is anyone there?", metadata: ["project_id": 1])
            // Another observer's stream is read afterwards by replay from where it stood (a socket
            // left unread through a slow browser run would be closed for unanswered pings).
            let observerToken = TestApp.token(website: site.id, secret: site.secret, role: "bot", sub: "observer")
            let observerStart = try TestApp.Caller(app: app, token: observerToken).poll(cursor: nil).cursor

            try withBrowser { browser in
                try browser.mountSidebar(port: app.port, token: agentToken, filters: Self.projectOne)
                try browser.waitUntil("$('.connection').textContent === 'Real-time'")
                #expect(try browser.text("part(arguments[0], '.chat-title')", .string(chatID)) == "Vera")

                try visitor.send("My parcel has not arrived", chat: chatID)
                try browser.waitUntil("part(arguments[0], '.chat-preview') === 'My parcel has not arrived'", arguments: [.string(chatID)])

                try browser.openSidebarChat(chatID)
                try browser.waitUntil("logTexts().length === 2")
                #expect(try browser.executeScript("return logTexts()") == ["Hello, is anyone there?", "My parcel has not arrived"])

                _ = try visitor.expect(204, "POST", "/api/v1/chats/\(chatID)/typing", json: #"{"state":"start"}"#)
                try browser.waitUntil("$('.typing').textContent === 'Vera is typing…'")
                #expect(try browser.text("part(arguments[0], '.chat-preview')", .string(chatID)) == "Typing…")
                _ = try visitor.expect(204, "POST", "/api/v1/chats/\(chatID)/typing", json: #"{"state":"stop"}"#)
                try browser.waitUntil("$('.typing').textContent === ''")

                // Shift+Enter adds a line, Enter sends.
                let shift = "\u{E008}", releaseModifiers = "\u{E000}"
                let input = try browser.executeScript("return $('#composer-input')")
                try browser.type("Sorry about that,\(shift)\(Browser.enterKey)\(releaseModifiers)checking now" + Browser.enterKey, into: input)
                try browser.waitUntil("logTexts().at(-1) === 'Sorry about that,\\nchecking now' && $$('.log .pending').length === 0")
                #expect(try browser.text("$('#composer-input').value") == "")
                #expect(try browser.text("part(arguments[0], '.chat-preview')", .string(chatID)) == "You: Sorry about that, checking now")
            }

            let messages = try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)/messages")["messages"]?.arrayValue ?? []
            let reply = try #require(messages.last)
            #expect(reply["text"]?.stringValue == "Sorry about that,\nchecking now")
            #expect(reply["sender"]?["id"]?.stringValue == "a1")
            #expect(reply["sender"]?["role"]?.stringValue == "agent")

            let observer = try app.realtime(observerToken, cursor: observerStart)
            let seen = try observer.events { $0["type"]?.stringValue == "message.created" && $0["data"]?["sender"]?["id"]?.stringValue == "a1" }
            #expect(seen.last?["data"]?["text"]?.stringValue == "Sorry about that,\nchecking now")
            // The agent's typing went out through the realtime client before the message.
            #expect(seen.contains { $0["type"]?.stringValue == "typing" && $0["data"]?["principal"]?["id"]?.stringValue == "a1"
                && $0["data"]?["state"]?.stringValue == "start" })
        }
    }

    @Test func unreadBadgesCountWhileAnotherChatIsOpenAndResetWhenOpened() async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let vera = app.caller(site, role: "visitor", sub: "v1", name: "Vera")
            let tom = app.caller(site, role: "visitor", sub: "v2", name: "Tom")
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1")
            let veraChat = try vera.send("First question")
            let tomChat = try tom.send("Second question")

            try withBrowser { browser in
                try browser.mountSidebar(port: app.port, token: agentToken)
                #expect(try browser.sidebarChatIDs() == [tomChat, veraChat])
                #expect(try browser.text("badge(arguments[0])", .string(veraChat)) == "1")

                // Keyboard: the list is one tab stop; arrow keys move, Enter opens.
                let first = try browser.executeScript("return item(arguments[0])", arguments: [.string(tomChat)])
                try browser.type("\u{E015}" + Browser.enterKey, into: first)
                try browser.waitUntil("sidebar.openChatId === arguments[0] && logTexts().length === 1", arguments: [.string(veraChat)])
                #expect(try browser.text("badge(arguments[0])", .string(veraChat)) == "")
                #expect(try browser.text("item(arguments[0]).getAttribute('aria-selected')", .string(veraChat)) == "true")
                #expect(try browser.text("badge(arguments[0])", .string(tomChat)) == "1")

                try tom.send("Are you there?", chat: tomChat)
                try browser.waitUntil("badge(arguments[0]) === '2'", arguments: [.string(tomChat)])
                #expect(try browser.sidebarChatIDs() == [tomChat, veraChat])

                // A message in the open chat is read at once: no badge.
                try vera.send("Another detail", chat: veraChat)
                try browser.waitUntil("logTexts().length === 2")
                #expect(try browser.text("badge(arguments[0])", .string(veraChat)) == "")
                try browser.waitUntil("serverChat(arguments[0]).then((chat) => chat.unread_count === 0)", arguments: [.string(veraChat)])
                try browser.type("Half a thought", into: try browser.executeScript("return $('#composer-input')"))

                try browser.openSidebarChat(tomChat)
                #expect(try browser.text("$('#composer-input').value") == "")
                #expect(try browser.text("badge(arguments[0])", .string(tomChat)) == "")
                try browser.waitUntil("serverChat(arguments[0]).then((chat) => chat.unread_count === 0)", arguments: [.string(tomChat)])
                // The server agrees: a fresh load shows no badge either.
                _ = try browser.executeScript("return sidebar.reload()")
                #expect(try browser.text("badge(arguments[0])", .string(tomChat)) == "")
                #expect(try browser.text("badge(arguments[0])", .string(veraChat)) == "")

                // An unsent reply waits for its chat.
                try browser.openSidebarChat(veraChat)
                #expect(try browser.text("$('#composer-input').value") == "Half a thought")
            }
        }
    }

    @Test func changingTheFiltersSwitchesTheListLive() async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            let one = try app.caller(site, role: "visitor", sub: "v1").send("In project one", metadata: ["project_id": 1])
            let two = try app.caller(site, role: "visitor", sub: "v2").send("In project two", metadata: ["project_id": 2])

            try withBrowser { browser in
                try browser.mountSidebar(port: app.port, token: agent.token, filters: Self.projectOne)
                #expect(try browser.sidebarChatIDs() == [one])

                _ = try browser.executeScript(#"sidebar.setAttribute("filters", '{"metadata__project_id":2}')"#)
                try browser.waitUntil("ids().length === 1 && ids()[0] === arguments[0]", arguments: [.string(two)])

                // The realtime stream follows the new filters: project one's news stays out,
                // project two's comes in.
                try app.caller(site, role: "visitor", sub: "v1").send("Still project one", chat: one)
                let three = try app.caller(site, role: "visitor", sub: "v3").send("New in project two", metadata: ["project_id": 2])
                try browser.waitUntil("ids().includes(arguments[0])", arguments: [.string(three)])
                #expect(try browser.sidebarChatIDs() == [three, two])

                _ = try browser.executeScript("sidebar.filters = { metadata__project_id: 1 }")
                try browser.waitUntil("ids().length === 1 && ids()[0] === arguments[0]", arguments: [.string(one)])
                #expect(try browser.text("sidebar.getAttribute('filters')") == Self.projectOne)

                try browser.openSidebarChat(one)
                _ = try agent.expect(200, "PATCH", "/api/v1/chats/\(one)", json: #"{"metadata_merge":{"project_id":3}}"#)
                try browser.waitUntil("ids().length === 0")
                // The open conversation stays, saying why it will not change any more.
                #expect(try browser.executeScript("return !$('.notice').hidden && !$('.thread').hidden") == true)
                #expect(try browser.text("$('.list-empty').textContent") == "No chats match this view yet.")
            }
        }
    }

    @Test func visitorTextIsShownAsTextNeverAsHTML() async throws {
        let name = #"<img src=x onerror="window.pwned='name'">"#
        let title = #"<script>window.pwned='title'</script><b>bold</b>"#
        let note = #"<img src=x onerror="window.pwned='metadata'">"#
        let text = #"<svg onload="window.pwned='text'"></svg> &lt;b&gt; & <i>"#
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1")
            let visitor = app.caller(site, role: "visitor", sub: "v1", name: name)
            let titled = try visitor.send(text, title: title, metadata: ["project_id": 1, "note": .string(note)])
            let untitled = try app.caller(site, role: "visitor", sub: "v2", name: name).send("plain")

            try withBrowser { browser in
                try browser.mountSidebar(port: app.port, token: agentToken)
                try browser.openSidebarChat(titled)
                #expect(try browser.text("part(arguments[0], '.chat-title')", .string(titled)) == title)
                #expect(try browser.text("part(arguments[0], '.chat-title')", .string(untitled)) == name)
                #expect(try browser.text("part(arguments[0], '.chat-preview')", .string(titled)) == text)
                #expect(try browser.executeScript("return logTexts()") == [.string(text)])
                #expect(try browser.text("$('#thread-title').textContent") == title)
                #expect(try browser.text("$('.subtitle').textContent") == name)
                let details = try browser.executeScript("return $$('.details dd').map((node) => node.textContent)").arrayValue ?? []
                #expect(details.contains(.string(note)))

                let injected = "$$('img, script, svg, b, i').length + document.querySelectorAll('img, svg, b, i').length"
                #expect(try browser.executeScript("return \(injected)") == 0)
                #expect(try browser.executeScript("return window.pwned === undefined") == true)
            }
        }
    }

    @Test func statusChangesAreSavedAndPollingKeepsTheSidebarLive() async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            let visitor = app.caller(site, role: "visitor", sub: "v1", name: "Vera")
            let chatID = try visitor.send("Please close my account")

            try withBrowser { browser in
                // Behind a proxy that refuses WebSocket the sidebar polls, and says so.
                try browser.mountSidebar(port: app.port, token: agent.token, query: "?websocket=refused")
                try browser.waitUntil("$('.connection').textContent === 'Polling'")

                try browser.openSidebarChat(chatID)
                #expect(try browser.text("$('.status-select').value") == "open")
                try browser.click(try browser.executeScript("return $('.status-select option[value=resolved]')"))
                try browser.waitUntil("part(arguments[0], '.status') === 'resolved' && !$('.status-select').hasAttribute('aria-busy')",
                                      arguments: [.string(chatID)])

                try visitor.send("Thank you!", chat: chatID)
                try browser.waitUntil("logTexts().at(-1) === 'Thank you!'")
            }
            #expect(try agent.expect(200, "GET", "/api/v1/chats/\(chatID)")["status"]?.stringValue == "resolved")
        }
    }

    @Test func hostStylesAndSidebarStylesStayApart() async throws {
        let hostile = """
            * { color: rgb(255, 0, 0) !important; font-family: serif !important; font-size: 31px !important;
                letter-spacing: 4px !important; line-height: 3 !important; text-transform: uppercase !important; }
            button, li, ol, ul, div, span, p, header, section, select, textarea, time, h2, form, label {
                background: rgb(0, 255, 0) !important; border: 5px solid blue !important; padding: 17px !important;
                margin: 9px !important; display: block !important; }
            .root, .layout, .chat, .message, .bubble, .composer, [role=option], [role=listbox], [role=log] { display: none !important; }
            """
        let page = """
            <!doctype html><html lang="en"><meta charset="utf-8"><title>hostile host</title>
            <style id="hostile" media="not all">\(hostile)</style>
            <div id="host"><h2 class="heading">Host title</h2><p class="alert visually-hidden">Host text</p>
              <button class="load-more">Host button</button><ul class="chat-list"><li class="chat message">Host item</li></ul></div>
            <div id="frame" style="height: 600px !important; width: 900px !important; padding: 0 !important; margin: 0 !important;
              border: 0 !important; display: block !important"></div>
            <script type="module">
            import "/sidebar.js";
            const properties = ["color", "background-color", "font-family", "font-size", "letter-spacing", "line-height",
                                "text-transform", "display", "border-top-width", "padding-top", "margin-top", "visibility"];
            const describe = (nodes) => nodes.map((node) => { const style = getComputedStyle(node);
              return node.className + " " + properties.map((name) => style.getPropertyValue(name)).join("|"); });
            window.hostStyles = () => describe([...document.querySelectorAll("#host, #host *")]);
            window.sidebarStyles = () => describe([...sidebar.shadowRoot.querySelectorAll(
              ".root, .chat, .chat-title, .chat-preview, .status, .unread-badge, .connection, h2, .bubble, .meta, textarea, .composer button, .status-select, .details")]);
            window.hostile = (on) => { document.getElementById("hostile").media = on ? "all" : "not all"; };
            window.mount = (token) => {
              window.sidebar = document.createElement("webchat-sidebar");
              sidebar.setAttribute("server", location.origin);
              sidebar.setAttribute("token", token);
              document.getElementById("frame").append(sidebar);
            };
            window.ready = true;
            </script>
            """
        try await withApp(publicFiles: ["test/hostile.html": page]) { app in
            let site = try app.createWebsite()
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1")
            let chatID = try app.caller(site, role: "visitor", sub: "v1", name: "Vera").send("Hello")

            try withBrowser { browser in
                try browser.navigate(to: "http://127.0.0.1:\(app.port)/test/hostile.html")
                try browser.waitUntil("window.ready === true")
                let hostBefore = try browser.executeScript("return hostStyles()")
                _ = try browser.executeScript("mount(arguments[0])", arguments: [.string(agentToken)])
                let item = "sidebar.shadowRoot.querySelector(`[data-chat-id='${arguments[0]}']`)"
                try browser.waitUntil("\(item) !== null", arguments: [.string(chatID)])
                try browser.click(try browser.executeScript("return \(item)", arguments: [.string(chatID)]))
                try browser.waitUntil("sidebar.shadowRoot.querySelector('.log .bubble')?.textContent === 'Hello'")

                // The sidebar changed nothing on the host page, not even for look-alike class names.
                #expect(try browser.executeScript("return hostStyles()") == hostBefore)
                #expect(try browser.executeScript("return document.adoptedStyleSheets.length + document.styleSheets.length") == 1)

                // The hostile stylesheet changes the host page but nothing inside the sidebar.
                let sidebarCalm = try browser.executeScript("return sidebarStyles()")
                _ = try browser.executeScript("hostile(true)")
                #expect(try browser.executeScript("return hostStyles()") != hostBefore)
                #expect(try browser.executeScript("return sidebarStyles()") == sidebarCalm)
                #expect(try browser.executeScript("return sidebar.shadowRoot.querySelector('.bubble').getBoundingClientRect().height > 0") == true)

                // What the host may change is the documented custom properties.
                _ = try browser.executeScript("sidebar.style.setProperty('--webchat-accent', 'rgb(1, 2, 3)')")
                #expect(try browser.executeScript("return getComputedStyle(sidebar.shadowRoot.querySelector('.composer button')).backgroundColor")
                        == "rgb(1, 2, 3)")
                // And its box, whatever display it gives the element: the sidebar fills it.
                _ = try browser.executeScript("sidebar.style.display = 'block'; sidebar.style.height = '500px'")
                #expect(try browser.executeScript("return sidebar.shadowRoot.querySelector('.root').getBoundingClientRect().height") == 500)
            }
        }
    }

    @Test func aRefusedTokenAsksTheHostForANewOneAndTheNewOneIsUsed() async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let chatID = try app.caller(site, role: "visitor", sub: "v1").send("Hello")
            let expired = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1", expiresIn: -3600)
            let fresh = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1")

            try withBrowser { browser in
                try browser.mountSidebar(port: app.port, token: expired)
                // Both the REST load and the WebSocket were refused; the host hears of it once.
                try browser.waitUntil("$('.connection').textContent === 'Offline' && !$('.alert').hidden")
                #expect(try browser.executeScript("return unauthorized") == 1)
                #expect(try browser.sidebarChatIDs() == [])

                _ = try browser.executeScript("sidebar.token = arguments[0]", arguments: [.string(fresh)])
                try browser.waitUntil("$('.connection').textContent === 'Real-time' && ids().length === 1")
                #expect(try browser.sidebarChatIDs() == [chatID])
                #expect(try browser.executeScript("return $('.alert').hidden") == true)
                try app.caller(site, role: "visitor", sub: "v1").send("Still there?", chat: chatID)
                try browser.waitUntil("part(arguments[0], '.chat-preview') === 'Still there?'", arguments: [.string(chatID)])
                #expect(try browser.executeScript("return unauthorized") == 1)
            }
        }
    }

    @Test func longListsAndLongHistoriesLoadInPages() async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            var chats: [String] = []
            for number in 1...59 {
                let chat = try agent.expect(201, "POST", "/api/v1/chats", json: #"{"title":"Chat \#(number)"}"#)
                chats.append(chat["id"]?.stringValue ?? "")
            }
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let talkative = try visitor.send("m1")
            for number in 2...60 { try visitor.send("m\(number)", chat: talkative) }
            chats.append(talkative)

            try withBrowser { browser in
                try browser.mountSidebar(port: app.port, token: agent.token)
                #expect(try browser.sidebarChatIDs().count == 50)
                _ = try browser.executeScript("$('.list-scroll').scrollTop = $('.list-scroll').scrollHeight")
                try browser.waitUntil("ids().length === 60")
                #expect(try browser.sidebarChatIDs() == chats.reversed())
                #expect(try browser.executeScript("return $('.load-more').hidden") == true)

                try browser.openSidebarChat(talkative)
                #expect(try browser.executeScript("return logTexts().length") == 50)
                try browser.click(try browser.executeScript("return $('.earlier')"))
                try browser.waitUntil("logTexts().length === 60")
                #expect(try browser.executeScript("return logTexts()") == .array((1...60).map { .string("m\($0)") }))
                #expect(try browser.executeScript("return $('.earlier').hidden") == true)
            }
        }
    }

    @Test func screenReadersGetRolesNamesAndLiveMessages() async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1")
            let vera = app.caller(site, role: "visitor", sub: "v1", name: "Vera")
            let veraChat = try vera.send("Where is my parcel?", title: "Late parcel")
            let tomChat = try app.caller(site, role: "visitor", sub: "v2", name: "Tom").send("Invoice please")

            try withBrowser { browser in
                try browser.mountSidebar(port: app.port, token: agentToken)
                func node(_ selector: String) throws -> JSONValue {
                    try browser.executeScript("return $(arguments[0])", arguments: [.string(selector)])
                }
                let list = try node(".chat-list")
                #expect(try browser.accessibleRole(of: list) == "listbox")
                #expect(try browser.accessibleName(of: list) == "Chats")
                let tom = try browser.executeScript("return item(arguments[0])", arguments: [.string(tomChat)])
                #expect(try browser.accessibleRole(of: tom) == "option")
                #expect(try browser.accessibleName(of: tom) == "Tom, 1 unread, status open, Invoice please")
                #expect(try browser.accessibleRole(of: try node(".connection")) == "status")

                // One tab stop for the list; arrows move, Enter opens, focus stays in the list.
                #expect(try browser.executeScript("return $$('[role=option]').map((item) => item.tabIndex)") == [0, -1])
                try browser.type("\u{E015}" + Browser.enterKey, into: tom)
                try browser.waitUntil("sidebar.openChatId === arguments[0] && logTexts().length === 1", arguments: [.string(veraChat)])
                #expect(try browser.executeScript("return sidebar.shadowRoot.activeElement === item(arguments[0])", arguments: [.string(veraChat)]) == true)
                #expect(try browser.executeScript("return $$('[role=option]').map((item) => item.tabIndex)") == [-1, 0])
                try browser.type("\u{E013}", into: try browser.executeScript("return item(arguments[0])", arguments: [.string(veraChat)]))
                #expect(try browser.executeScript("return sidebar.shadowRoot.activeElement === item(arguments[0])", arguments: [.string(tomChat)]) == true)

                // The live log wraps the list of messages (an <ol> keeps its list role for its items).
                let log = try node("[role=log]")
                #expect(try browser.accessibleRole(of: log) == "log")
                #expect(try browser.accessibleName(of: log) == "Late parcel")
                #expect(try browser.text("$('[role=log]').getAttribute('aria-live')") == "polite")
                #expect(try browser.accessibleRole(of: try node(".log")) == "list")
                #expect(try browser.accessibleName(of: try node(".status-select")) == "Status")
                // An editable combobox: "/" opens its canned responses (CannedResponseBrowserTests).
                #expect(try browser.accessibleRole(of: try node("#composer-input")) == "combobox")
                #expect(try browser.accessibleName(of: try node("#composer-input")) == "Reply")
                #expect(try browser.accessibleName(of: try node(".composer button")) == "Send")

                // A new message lands inside the live region.
                try vera.send("Any news?", chat: veraChat)
                try browser.waitUntil("$('.log').lastElementChild.textContent.includes('Any news?')")

                // Narrow (a phone, a slim panel): one pane at a time, and a way back to the list.
                let visible = "[$('.list-pane'), $('.conversation')].map((pane) => getComputedStyle(pane).display !== 'none')"
                _ = try browser.executeScript("document.getElementById('frame').style.width = '420px'")
                try browser.waitUntil("getComputedStyle($('.back')).display !== 'none'")
                #expect(try browser.executeScript("return \(visible)") == [false, true])
                let back = try node(".back")
                #expect(try browser.accessibleName(of: back) == "Back to chats")
                try browser.click(back)
                #expect(try browser.executeScript("return \(visible)") == [true, false])
                #expect(try browser.executeScript("return sidebar.shadowRoot.activeElement === item(arguments[0])", arguments: [.string(veraChat)]) == true)
                try browser.click(try browser.executeScript("return item(arguments[0])", arguments: [.string(tomChat)]))
                try browser.waitUntil("sidebar.openChatId === arguments[0] && sidebar.shadowRoot.activeElement === $('#composer-input')",
                                      arguments: [.string(tomChat)])
                #expect(try browser.executeScript("return \(visible)") == [false, true])
            }
        }
    }

    /// The picture of the README: a few chats in several states and an open conversation with
    /// its controls, an assignment's activity line and a colleague's note.
    @Test func screenshotOfASidebarWithAnOpenConversation() async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "ada", name: "Ada")
            let project: JSONValue = ["project_id": 1, "plan": "Pro"]
            let jonas = app.caller(site, role: "visitor", sub: "v4", name: "Jonas Weber")
            let login = try jonas.send("The app logs me out every few minutes.", title: "Login keeps expiring", metadata: project)
            try jonas.send("I use Safari on an iPad.", chat: login)
            _ = try agent.expect(200, "PATCH", "/api/v1/chats/\(login)", json: #"{"status":"pending"}"#)
            let priya = app.caller(site, role: "visitor", sub: "v3", name: "Priya Nair")
            let code = try priya.send("Is the SPRING20 code still valid?", metadata: project)
            try agent.send("Yes, until Sunday night.", chat: code)
            _ = try agent.expect(204, "POST", "/api/v1/chats/\(code)/read", json: #"{"seq":2}"#)
            _ = try agent.expect(200, "PATCH", "/api/v1/chats/\(code)", json: #"{"status":"resolved"}"#)
            let vera = app.caller(site, role: "visitor", sub: "v1", name: "Vera Lindqvist")
            let order = try vera.send("Hi! My order #4411 hasn't arrived yet.", title: "Order #4411 is late", metadata: project)
            _ = try agent.expect(200, "PATCH", "/api/v1/chats/\(order)", json: #"{"assignee_id":"ada","priority":3}"#)
            try agent.send("Sorry about that, Vera. Let me check with the courier.", chat: order)
            try vera.send("Thanks! It was due on Monday.", chat: order)
            let bo = app.caller(site, role: "agent", sub: "bo", name: "Bo")
            _ = try bo.expect(201, "POST", "/api/v1/chats/\(order)/messages",
                              json: #"{"type":"note","text":"The courier says the parcel was mis-sorted in Leipzig. It is on tomorrow's first van."}"#)
            try agent.send("It left the depot this morning and arrives tomorrow before noon.", chat: order)
            try vera.send("Great! Can I still change the delivery address?", chat: order)
            let tom = app.caller(site, role: "visitor", sub: "v2", name: "Tom Becker")
            let invoice = try tom.send("Could I get an invoice for March?", metadata: project)
            try tom.send("For the company account, please.", chat: invoice)

            try withBrowser(windowWidth: 1100, windowHeight: 760) { browser in
                try browser.mountSidebar(port: app.port, token: agent.token, filters: Self.projectOne)
                try browser.waitUntil("$('.connection').textContent === 'Real-time'")
                try browser.openSidebarChat(order)
                _ = try vera.expect(204, "POST", "/api/v1/chats/\(order)/typing", json: #"{"state":"start"}"#)
                try browser.waitUntil("$('.typing').textContent === 'Vera Lindqvist is typing…'")
                try browser.type("Yes, just send me the new address", into: try browser.executeScript("return $('#composer-input')"))
                #expect(try browser.sidebarChatIDs() == [invoice, order, code, login])

                let path = try screenshotPath("sidebar.png")
                try browser.screenshot(to: path)
                #expect(try readFile(path).prefix(4) == [0x89, 0x50, 0x4E, 0x47])
            }
        }
    }
}
