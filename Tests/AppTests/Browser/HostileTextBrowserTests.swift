import BrowserSupport
import JSON
import Testing
import TestSupport

/// Text built to hurt the browser (issue 13.5): a letter carrying thousands of combining marks
/// once froze the sidebar's tab for over a minute. The sidebar and the widget draw such text cut
/// down (a few marks per letter, a bounded number of code points) and the page keeps answering.
@Suite(.serialized) struct HostileTextBrowserTests {
    /// "a" and 4,000 combining acute accents: one user-perceived character, 8 KB of UTF-8.
    static let zalgo = "a" + String(repeating: "\u{0301}", count: 4000)

    /// The longest run of combining marks in the text of every element `selector` finds in `root`,
    /// and the length in code points of the longest such text.
    static let helpers = """
        window.worst = (nodes) => nodes.reduce(([marks, points], node) => {
          const runs = node.textContent.match(/\\p{M}+/gu) || [];
          return [Math.max(marks, ...runs.map((run) => run.length)), Math.max(points, [...node.textContent].length)];
        }, [0, 0]);
        """

    @Test(arguments: Screen.allCases) func theSidebarDrawsCombiningMarkFloodsCutDown(_ screen: Screen) async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1", name: "Z" + String(repeating: "\u{0300}", count: 60))
            let chatID = try visitor.send(Self.zalgo, title: "T" + String(repeating: "\u{0302}", count: 150))
            try visitor.send("After it: " + Self.zalgo + " then " + String(repeating: "x", count: 300), chat: chatID)
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1")
            try withBrowser(on: screen) { browser in
                try browser.mountSidebar(port: app.port, token: agentToken)
                _ = try browser.executeScript(Self.helpers)
                let list = try browser.executeScript("return worst($$('.chat-title, .chat-preview'))")
                #expect(list == [8, 201], "at most 8 marks on a letter, 200 code points and an ellipsis: \(list)")
                try browser.openSidebarChat(chatID)
                try browser.waitUntil("logTexts().length === 2")
                #expect(try browser.executeScript("return worst($$('.log .bubble, .meta, #thread-title'))[0]") == 8)
                // A message is cut only past 8,000 code points: all of this one is there.
                #expect(try browser.executeScript("return logTexts()[1].startsWith('After it: a') && logTexts()[1].endsWith(' then ' + 'x'.repeat(300))") == true)
                // The page answers: a script that waits for the next two frames comes back.
                #expect(try browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    requestAnimationFrame(() => requestAnimationFrame(() => done("answered")));
                    """) == "answered")
                // And still works: the agent answers, the reply is drawn.
                try browser.type("Can you say that again?" + Browser.enterKey, into: browser.executeScript("return $('#composer-input')"))
                try browser.waitUntil("logTexts().length === 3")
            }
        }
    }

    @Test(arguments: Screen.allCases) func theWidgetDrawsCombiningMarkFloodsCutDown(_ screen: Screen) async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: WidgetBrowserTests.settings)
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada" + String(repeating: "\u{0300}", count: 60))
            let url = try app.hostPage("hostile", website: site.id)
            try withBrowser(on: screen) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                _ = try browser.executeScript(Self.helpers)
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.type("Hello" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().length === 1")
                let chatID = try #require(agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.first?["id"]?.stringValue)
                _ = try agent.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: WidgetBrowserTests.json(["text": .string(Self.zalgo)]))
                try browser.waitUntil("bubbles().length === 2")
                #expect(try browser.executeScript("return worst($$w('.messages .bubble, .who, [aria-live] p'))[0]") == 8)
                #expect(try browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    requestAnimationFrame(() => requestAnimationFrame(() => done("answered")));
                    """) == "answered")
            }
        }
    }
}
