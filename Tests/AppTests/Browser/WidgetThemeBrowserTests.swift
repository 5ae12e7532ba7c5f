import BrowserSupport
import JSON
import Testing
import TestSupport

/// Light, dark and auto themes (contract §11 `widget.theme`) in a real Chromium: "auto" follows
/// prefers-color-scheme (emulated through DevTools) live, an explicit theme wins over it, the text
/// on the website's colour is black or white by contrast, and axe finds no contrast failure in the
/// dark panel. The sidebar's `theme` attribute does the same with its custom properties.
@Suite(.serialized) struct WidgetThemeBrowserTests {
    static func emulateColorScheme(_ browser: Browser, _ scheme: String) throws {
        _ = try browser.devTools("Emulation.setEmulatedMedia", ["features": [["name": "prefers-color-scheme", "value": .string(scheme)]]])
    }

    /// WCAG 2 contrast ratio of two computed `rgb(…)` colours, in the page.
    static let contrast = """
        window.contrast = (a, b) => {
          const luminance = (color) => {
            const [r, g, b] = color.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map((c) => { c = c / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
          return (x + 0.05) / (y + 0.05);
        };
        """

    @Test func autoFollowsTheSystemsColourSchemeAndDarkPassesTheContrastCheck() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: ##"{"color":"#0f766e","ask_email":"when_away","theme":"auto"}"##)
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada")
            let url = try app.hostPage("dark", website: site.id, head: "<script>\(Self.contrast)</script>")
            try withBrowser(windowWidth: 1100, windowHeight: 800) { browser in
                try Self.emulateColorScheme(browser, "dark")
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("isShown('#wc-email') && $w('.status').dataset.mode === 'websocket'")
                try browser.type("Do you ship to Norway?" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().length === 1")
                let chatID = try #require(agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.first?["id"]?.stringValue)
                _ = try agent.sendMessage("We do, in three to five days.", chat: chatID)
                try browser.waitUntil("bubbles().length === 2")
                let colours = """
                    return [$w('.root').dataset.theme, getComputedStyle($w('.panel')).backgroundColor, getComputedStyle($w('.log')).backgroundColor,
                            getComputedStyle($w('.msg.them .bubble')).backgroundColor, getComputedStyle($w('textarea')).backgroundColor,
                            getComputedStyle($w('.msg.them .bubble')).color];
                    """
                #expect(try browser.executeScript(colours)
                    == ["dark", "rgb(31, 41, 55)", "rgb(17, 24, 39)", "rgb(31, 41, 55)", "rgb(31, 41, 55)", "rgb(243, 244, 246)"])
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])
                try browser.screenshot(to: try screenshotPath("widget-dark.png"))

                // The system turns light: so does the widget, while it is open.
                try Self.emulateColorScheme(browser, "light")
                try browser.waitUntil("$w('.root').dataset.theme === 'light'")
                #expect(try browser.executeScript("return getComputedStyle($w('.panel')).backgroundColor") == "rgb(255, 255, 255)")
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])

                // A theme the website chose wins over the system's preference.
                _ = try app.caller(site, role: "admin", sub: "owner").expect(200, "PATCH", "/api/v1/website", json: #"{"widget":{"theme":"dark"}}"#)
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                #expect(try browser.executeScript("return $w('.root').dataset.theme") == "dark")
                let severe = try browser.browserLog().filter { $0.hasPrefix("SEVERE") }
                #expect(severe.isEmpty, "\(severe)")
            }
        }
    }

    @Test func theTextOnTheWebsitesColourIsPickedByContrastInBothThemes() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: #"{"theme":"light"}"#)
            try withBrowser { browser in
                for theme in ["light", "dark"] {
                    // A light yellow gets black text, a dark blue white, and a mid green whichever
                    // of the two reads better: every one at least 4.5:1.
                    for (color, text) in [("#ffeb3b", "rgb(0, 0, 0)"), ("#1e3a8a", "rgb(255, 255, 255)"), ("#2e9e5b", "rgb(0, 0, 0)"), ("#777", "rgb(0, 0, 0)")] {
                        let url = try app.hostPage("accent-\(theme)-\(color.dropFirst())", website: site.id, attributes: [("data-color", color), ("data-theme", theme)],
                                                   head: "<script>\(Self.contrast)</script>")
                        try browser.navigate(to: url)
                        try browser.waitUntil("isShown('.launcher')")
                        let shown = try browser.executeScript("""
                            const style = getComputedStyle($w('.launcher'));
                            return [$w('.root').dataset.theme, style.color, contrast(style.color, style.backgroundColor) >= 4.5];
                            """)
                        #expect(shown == [.string(theme), .string(text), true], "\(color) in \(theme)")
                    }
                }
            }
        }
    }

    @Test func theSidebarsThemeAttributeGivesItDarkColours() async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada")
            let visitor = app.caller(site, role: "visitor", sub: "v-1", name: "Vera")
            _ = try visitor.sendMessage("Hello, is anyone there?")
            try withBrowser { browser in
                try browser.mountSidebar(port: app.port, token: agent.token)
                let colours = "return [getComputedStyle($('.root')).backgroundColor, getComputedStyle($('.root')).color]"
                #expect(try browser.executeScript(colours) == ["rgb(255, 255, 255)", "rgb(15, 23, 42)"], "light by default")
                _ = try browser.executeScript("sidebar.setAttribute('theme', 'dark')")
                #expect(try browser.executeScript(colours) == ["rgb(15, 23, 42)", "rgb(241, 245, 249)"])
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])

                // "auto" follows the system's colour scheme.
                _ = try browser.executeScript("sidebar.setAttribute('theme', 'auto')")
                try Self.emulateColorScheme(browser, "light")
                #expect(try browser.executeScript(colours) == ["rgb(255, 255, 255)", "rgb(15, 23, 42)"])
                try Self.emulateColorScheme(browser, "dark")
                try browser.waitUntil("getComputedStyle($('.root')).backgroundColor === 'rgb(15, 23, 42)'")
            }
        }
    }
}
