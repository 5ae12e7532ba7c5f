import BrowserSupport
import JSON
import Testing
import TestSupport

/// The page at `/` of a server started with `--demo`: the widget on a sample site next to the
/// agent sidebar, so a newcomer chats with themself in one browser: on a desktop with both open
/// at once, on a phone one after the other.
@Suite(.serialized) struct DemoPageBrowserTests {
    static let helpers = Geometry.helpers + """
        window.widgetRoot = () => document.querySelector("webchat-widget").shadowRoot;
        window.$w = (selector) => widgetRoot().querySelector(selector);
        window.sidebarRoot = () => document.getElementById("sidebar").shadowRoot;
        window.$s = (selector) => sidebarRoot().querySelector(selector);
        window.widgetTexts = () => [...widgetRoot().querySelectorAll(".messages .msg[data-id] .bubble")].map((b) => b.textContent);
        window.sidebarTexts = () => [...sidebarRoot().querySelectorAll(".log .message:not(.pending) .bubble")].map((b) => b.textContent);
        window.sidebarChats = () => [...sidebarRoot().querySelectorAll('[role="option"]')];
        """

    /// Opens the demo page and waits until the widget's launcher and the live sidebar are there.
    static func openDemo(_ browser: Browser, port: Int) throws {
        try browser.navigate(to: "http://127.0.0.1:\(port)/")
        try browser.waitUntil("!document.getElementById('demo').hidden && document.querySelector('webchat-widget') !== null")
        _ = try browser.executeScript(helpers)
        try browser.waitUntil("sidebarRoot() !== null && $s('.connection').textContent === 'Real-time'")
        try browser.waitUntil("$w('.launcher') && $w('.launcher').checkVisibility()")
    }

    @Test func onADesktopTheVisitorAndTheAgentTalkWithBothOpenAtOnce() async throws {
        try await withApp(publicFiles: [:], demo: true) { app in
            try withBrowser(on: .desktop) { browser in
                try Self.openDemo(browser, port: app.port)
                #expect(try browser.executeScript("return document.getElementById('embed-line').textContent").stringValue?
                    .contains("widget.js\" data-website=\"ws_") == true)

                // The visitor writes in the widget, and the panel stays open…
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.type("Hello from the shop" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("widgetTexts().includes('Hello from the shop')")
                // …beside the sidebar, which it does not cover, where the agent opens the chat and answers.
                try browser.waitUntil("sidebarChats().length === 1")
                #expect(try browser.executeScript("return overlap($w('.panel'), document.getElementById('sidebar'))") == false)
                try browser.click(browser.executeScript("return sidebarChats()[0]"))
                try browser.waitUntil("sidebarTexts().includes('Hello from the shop')")
                try browser.type("Hi! How can I help?" + Browser.enterKey, into: browser.executeScript("return $s('#composer-input')"))
                try browser.waitUntil("widgetTexts().join('|') === 'Hello from the shop|Hi! How can I help?'")
            }
        }
    }

    @Test(arguments: Screen.allCases) func theLayoutFitsTheScreen(_ screen: Screen) async throws {
        try await withApp(publicFiles: [:], demo: true) { app in
            try withBrowser(on: screen) { browser in
                try Self.openDemo(browser, port: app.port)
                // Nothing is wider than the window, so nothing is off screen sideways.
                let page = try browser.executeScript("return [innerWidth, innerHeight, document.documentElement.scrollWidth <= document.documentElement.clientWidth]")
                #expect(page == [.int(screen.width), .int(screen.height), true])
                #expect(try browser.executeScript("return inViewport($w('.launcher'))") == true)

                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.type("A question from a visitor with a long name" + Browser.enterKey,
                                 into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("widgetTexts().length === 1 && sidebarChats().length === 1")
                #expect(try browser.executeScript("return ['.close', '.send', 'textarea', 'h2'].every((s) => inViewport($w(s)))") == true)

                if screen == .desktop {
                    // Both usable at once: the sidebar keeps its two panes, full titles and a wide reply box.
                    try browser.click(browser.executeScript("return sidebarChats()[0]"))
                    try browser.waitUntil("sidebarTexts().length === 1")
                    _ = try browser.executeScript("document.getElementById('sidebar').scrollIntoView({ block: 'end' })")
                    let sidebar = try browser.executeScript("""
                        const title = $s('.chat-title'), sidebar = document.getElementById('sidebar');
                        return [box(sidebar).width >= 800, title.scrollWidth <= title.clientWidth, box($s('#composer-input')).width >= 400,
                                overlap($w('.panel'), sidebar), inViewport($s('.composer button')), $s('.list-pane').checkVisibility()];
                        """)
                    #expect(sidebar == [true, true, true, false, true, true])
                    try browser.screenshot(to: try screenshotPath("demo-desktop.png"))
                } else {
                    // The full-screen panel first…
                    let panel = try browser.executeScript("const p = box($w('.panel')); return [p.left, p.top, p.width, p.height]")
                    #expect(panel == [0, 0, .int(screen.width), .int(screen.height)])
                    try browser.screenshot(to: try screenshotPath("demo-phone-widget.png"))
                    // …then, closed, the sidebar: one pane at a time, everything in reach.
                    try browser.click(browser.executeScript("return $w('.close')"))
                    _ = try browser.executeScript("document.getElementById('sidebar').scrollIntoView({ block: 'end' })")
                    try browser.click(browser.executeScript("return sidebarChats()[0]"))
                    try browser.waitUntil("sidebarTexts().length === 1")
                    _ = try browser.executeScript("document.getElementById('sidebar').scrollIntoView({ block: 'end' })")
                    let sidebar = try browser.executeScript("""
                        return [inViewport($s('#composer-input')), inViewport($s('.composer button')), inViewport($s('.back')),
                                overlap($w('.launcher'), $s('.composer button'))];
                        """)
                    #expect(sidebar == [true, true, true, false])
                    try browser.screenshot(to: try screenshotPath("demo-phone-sidebar.png"))
                }
                // No request of the page failed (the favicon included) and nothing threw.
                let severe = try browser.browserLog().filter { $0.hasPrefix("SEVERE") }
                #expect(severe.isEmpty, "\(severe)")
            }
        }
    }

    @Test func theRunningBadgeFollowsHealthz() async throws {
        try await withApp(publicFiles: [:], demo: true) { app in
            try withBrowser(on: .desktop) { browser in
                try browser.navigate(to: "http://127.0.0.1:\(app.port)/")
                try browser.waitUntil("document.getElementById('health').textContent === 'running'")
                // The server stops answering /healthz (blocked in the browser): the badge says so…
                try browser.devTools("Network.enable")
                try browser.devTools("Network.setBlockedURLs", ["urls": ["*/healthz"]])
                try browser.waitUntil("document.getElementById('health').textContent === 'not answering'")
                #expect(try browser.executeScript("return document.getElementById('health').dataset.state") == "down")
                // …and again when it answers.
                try browser.devTools("Network.setBlockedURLs", ["urls": []])
                try browser.waitUntil("document.getElementById('health').textContent === 'running'")
            }
        }
    }
}
