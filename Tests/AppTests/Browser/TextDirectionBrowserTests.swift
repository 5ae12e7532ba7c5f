import BrowserSupport
import JSON
import Testing
import TestSupport

/// Hebrew and Arabic in the sidebar and the widget: bubbles, previews, titles and the reply boxes
/// take their direction from their text, so a right-to-left sentence starts at the right and its
/// closing punctuation ends it on the left, where a reader of the script expects it (in a
/// left-to-right box the "?" would stick to the far right, before the sentence).
@Suite(.serialized) struct TextDirectionBrowserTests {
    static let hebrew = "שלום, איפה ההזמנה שלי?"
    static let arabic = "مرحبا، أين طلبي؟"

    /// For the element `node` with one text node: [its direction, its text-align, whether the
    /// last character (the punctuation) is drawn left of the first, whether the text's right edge
    /// meets the element's right inner edge].
    static let helpers = """
        window.bidi = (node) => {
          const text = [...node.childNodes].find((child) => child.nodeType === 3);
          const rect = (start) => { const range = document.createRange(); range.setStart(text, start); range.setEnd(text, start + 1); return range.getBoundingClientRect(); };
          const all = document.createRange(); all.selectNodeContents(node);
          const style = getComputedStyle(node), inner = node.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
          return [style.direction, style.textAlign, rect(text.length - 1).right <= rect(0).left + 1, Math.abs(all.getBoundingClientRect().right - inner) < 2];
        };
        """

    @Test(arguments: Screen.allCases) func theSidebarShowsRightToLeftTextFromTheRight(_ screen: Screen) async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1", name: "דנה")
            let chatID = try visitor.send(Self.hebrew)
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1")
            try withBrowser(on: screen) { browser in
                try browser.mountSidebar(port: app.port, token: agentToken)
                _ = try browser.executeScript(Self.helpers)
                let rtl: JSONValue = ["rtl", "start", true, true]
                #expect(try browser.executeScript("return bidi(item(arguments[0]).querySelector('.chat-preview'))", arguments: [.string(chatID)]) == rtl)
                try browser.openSidebarChat(chatID)
                #expect(try browser.executeScript("return bidi($('.log .bubble'))") == rtl)
                #expect(try browser.executeScript("return getComputedStyle($('#thread-title')).direction") == "rtl")

                // The agent answers in Arabic: the reply box turns right-to-left as they type.
                let input = try browser.executeScript("return $('#composer-input')")
                #expect(try browser.executeScript("return getComputedStyle($('#composer-input')).direction") == "ltr")
                try browser.type(Self.arabic, into: input)
                #expect(try browser.executeScript("return getComputedStyle($('#composer-input')).direction") == "rtl")
                try browser.type(Browser.enterKey, into: input)
                try browser.waitUntil("logTexts().length === 2")
                // The agent's own bubble too, inside a message aligned to the other side.
                #expect(try browser.executeScript("return bidi($$('.log .bubble')[1])") == rtl)
            }
        }
    }

    @Test(arguments: Screen.allCases) func theWidgetShowsRightToLeftTextFromTheRight(_ screen: Screen) async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: WidgetBrowserTests.settings)
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada")
            let url = try app.hostPage("rtl", website: site.id)
            try withBrowser(on: screen) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                _ = try browser.executeScript(Self.helpers)
                try browser.click(browser.executeScript("return $w('.launcher')"))
                let composer = try browser.executeScript("return $w('textarea')")
                try browser.type(Self.hebrew + Browser.enterKey, into: composer)
                try browser.waitUntil("bubbles().length === 1")
                let chatID = try #require(agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.first?["id"]?.stringValue)
                _ = try agent.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: WidgetBrowserTests.json(["text": .string(Self.arabic)]))
                try browser.waitUntil("bubbles().length === 2")
                let rtl: JSONValue = ["rtl", "start", true, true]
                #expect(try browser.executeScript("return $$w('.messages .bubble').map(bidi)") == [rtl, rtl])
                // A left-to-right message stays left-to-right beside them.
                _ = try agent.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"Your order ships today."}"#)
                try browser.waitUntil("bubbles().length === 3")
                #expect(try browser.executeScript("return bidi($$w('.messages .bubble')[2]).slice(0, 2)") == ["ltr", "start"])
            }
        }
    }
}
