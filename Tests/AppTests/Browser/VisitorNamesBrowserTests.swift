import BrowserSupport
import JSON
import Testing
import TestSupport

/// People an agent can tell apart: an anonymous visitor has a readable name derived from their
/// id (the same on every load), shown once in the thread header; consecutive messages of one
/// sender within five minutes share one name and time, in the sidebar and in the widget.
@Suite(.serialized) struct VisitorNamesBrowserTests {
    /// Which messages of the open thread show their name and time: [name shown, text] per message.
    static let sidebarMeta = "return $$('.log .message').map((m) => [m.querySelector('.meta').checkVisibility() ? m.querySelector('.meta').textContent : '', m.querySelector('.bubble').textContent])"

    @Test(arguments: Screen.allCases) func theSidebarNamesAnonymousVisitorsAndGroupsTheirMessages(_ screen: Screen) async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            // Two anonymous visitors as the widget makes them: a random id, no name.
            let first = try app.caller(site, role: "visitor", sub: "v_z9rwhqqd9i33u5k2").send("Hello?")
            let second = try app.caller(site, role: "visitor", sub: "v_8m2kd0s7x1qpa4n3").send("Hi there")
            let visitor = app.caller(site, role: "visitor", sub: "v_z9rwhqqd9i33u5k2")
            try visitor.send("Is anyone there?", chat: first)
            try visitor.send("I need help with an order", chat: first)
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1", name: "Ada")
            try withBrowser(on: screen) { browser in
                try browser.mountSidebar(port: app.port, token: agentToken)
                let names = try [first, second].map { try browser.text("part(arguments[0], '.chat-title')", .string($0)) ?? "" }
                for name in names {
                    #expect(name.wholeMatch(of: /[A-Z][a-z]+ [A-Z][a-z]+/) != nil, "\(name)")
                }
                #expect(names[0] != names[1])

                try browser.openSidebarChat(first)
                try browser.waitUntil("logTexts().length === 3")
                // The name once in the header (the title), not again as a subtitle or an id.
                let header = try browser.text("$('.thread-header').textContent") ?? ""
                #expect(header.split(separator: names[0], omittingEmptySubsequences: false).count == 2, "\(header)")
                #expect(!header.contains("v_"), "\(header)")
                // Three messages within minutes: one name and time for the group.
                let meta = try browser.executeScript(Self.sidebarMeta).arrayValue ?? []
                #expect(meta.map { $0.arrayValue?.first?.stringValue?.hasPrefix(names[0]) == true } == [true, false, false], "\(meta)")

                // The agent answers (a group of its own), then the visitor again (a new group).
                try browser.type("Sure, which order?" + Browser.enterKey, into: browser.executeScript("return $('#composer-input')"))
                try browser.waitUntil("logTexts().length === 4 && $$('.log .pending').length === 0")
                try visitor.send("Order 1234", chat: first)
                try browser.waitUntil("logTexts().length === 5")
                let after = try browser.executeScript(Self.sidebarMeta).arrayValue ?? []
                let shown = after.map { $0.arrayValue?.first?.stringValue ?? "" }
                #expect(shown.map { !$0.isEmpty } == [true, false, false, true, true], "\(after)")
                #expect(shown[3].hasPrefix("You") && shown[4].hasPrefix(names[0]), "\(after)")

                // The same visitor has the same name on the next load.
                try browser.mountSidebar(port: app.port, token: agentToken)
                #expect(try browser.text("part(arguments[0], '.chat-title')", .string(first)) == names[0])
            }
        }
    }

    @Test(arguments: Screen.allCases) func theWidgetGroupsConsecutiveMessages(_ screen: Screen) async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: WidgetBrowserTests.settings)
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada")
            let url = try app.hostPage("groups", website: site.id)
            try withBrowser(on: screen) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.type("Hello" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().length === 1")
                let chatID = try #require(agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.first?["id"]?.stringValue)
                for text in ["Hi!", "How can I help?", "I am here until six."] {
                    _ = try agent.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: WidgetBrowserTests.json(["text": .string(text)]))
                }
                try browser.waitUntil("bubbles().length === 4")
                // Ada's name over her first message only, one time under her last.
                let shown = try browser.executeScript("""
                    return $$w('.messages .msg').map((m) => [m.querySelector('.who')?.checkVisibility() ?? null, m.querySelector('time').checkVisibility()]);
                    """)
                #expect(shown == [[.null, true], [true, false], [false, false], [false, true]], "\(shown)")
            }
        }
    }

    /// The five-minute rule itself, on messages whose times the test chooses.
    @Test func messagesFiveMinutesApartStartANewGroup() async throws {
        try await withApp(publicFiles: ["test/groups.html": "<!doctype html><title>groups</title><ol id=log></ol>"]) { app in
            try withBrowser(on: .desktop) { browser in
                try browser.navigate(to: "http://127.0.0.1:\(app.port)/test/groups.html")
                let classes = try browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    import("/chat-common.js").then(({ regroup }) => {
                      const at = (minutes) => new Date(Date.UTC(2026, 0, 1, 10, minutes)).toISOString();
                      const messages = [["v1", 0], ["v1", 4], ["v1", 10], ["a1", 11], ["v1", 12]]
                        .map(([id, minutes]) => ({ type: "text", sender: { id }, created_at: at(minutes) }));
                      const shown = new WeakMap(), log = document.getElementById("log");
                      for (const message of messages) { const item = document.createElement("li"); shown.set(item, message); log.append(item); regroup(item, shown); }
                      done([...log.children].map((item) => item.className));
                    });
                    """)
                #expect(classes == ["more", "continues", "", "", ""])
            }
        }
    }
}
