import BrowserSupport
import JSON
import Testing
import TestSupport

/// The widget and the sidebar as assistive technology meets them: axe-core finds no serious
/// violation, small text reaches 4.5:1, and the widget's full-screen panel on a phone is modal.
@Suite(.serialized) struct AccessibilityBrowserTests {
    /// The contrast of an element's text with the colour behind it (WCAG 2 ratio), computed from
    /// what Chromium renders: the first ancestor with an opaque background is what is behind.
    static let contrast = """
        window.contrast = (node) => {
          const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
          const luminance = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
            .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
          let back = node;
          while (back && !(getComputedStyle(back).backgroundColor.match(/[\\d.]+/g)?.length === 3)) back = back.parentElement || back.getRootNode().host;
          const [a, b] = [luminance(rgb(getComputedStyle(node).color)), luminance(rgb(getComputedStyle(back).backgroundColor))];
          return Math.round((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) * 100) / 100;
        };
        """

    @Test(arguments: Screen.allCases) func theWidgetHasNoSeriousViolationsAndReadableSmallText(_ screen: Screen) async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: WidgetBrowserTests.settings)
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada")
            let url = try app.hostPage("a11y", website: site.id)
            try withBrowser(on: screen) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.type("Where is my parcel?" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().length === 1")
                let chatID = try #require(agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.first?["id"]?.stringValue)
                _ = try agent.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"It left today."}"#)
                try browser.waitUntil("bubbles().length === 2")

                let violations = try AccessibilityCheck.seriousViolations(in: browser)
                #expect(violations == [])
                _ = try browser.executeScript(Self.contrast)
                let ratios = try browser.executeScript("return ['time', '.who', '.status', '.greeting'].map((s) => contrast($w(s)))")
                for ratio in ratios.arrayValue ?? [] {
                    #expect((ratio.doubleValue ?? 0) >= 4.5, "\(ratios)")
                }
            }
        }
    }

    @Test(arguments: Screen.allCases) func theSidebarHasNoSeriousViolationsAndReadableSmallText(_ screen: Screen) async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v_k3q9z", name: nil)
            let chatID = try visitor.send("Hello, is anyone there?")
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1", name: "Ada")
            try withBrowser(on: screen) { browser in
                try browser.mountSidebar(port: app.port, token: agentToken)
                try browser.openSidebarChat(chatID)
                try browser.waitUntil("logTexts().length === 1")
                let violations = try AccessibilityCheck.seriousViolations(in: browser)
                #expect(violations == [])
                _ = try browser.executeScript(Self.contrast)
                let ratios = try browser.executeScript("return ['.meta', '.meta time', '.details summary', '.connection'].map((s) => contrast($(s)))")
                for ratio in ratios.arrayValue ?? [] {
                    #expect((ratio.doubleValue ?? 0) >= 4.5, "\(ratios)")
                }
                if screen == .desktop {
                    // The list's time and preview, also on the selected (tinted) item.
                    let list = try browser.executeScript("return ['.chat-time', '.chat-preview'].map((s) => contrast($(s)))")
                    for ratio in list.arrayValue ?? [] {
                        #expect((ratio.doubleValue ?? 0) >= 4.5, "\(list)")
                    }
                }
            }
        }
    }

    /// Below 480 px the panel covers the screen: the page behind is inert, Tab cycles inside the
    /// panel, Escape closes from anywhere in it. On a desktop it sits beside the page, not modal.
    @Test(arguments: Screen.allCases) func theFullScreenPanelIsModal(_ screen: Screen) async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: WidgetBrowserTests.settings)
            let url = try app.hostPage("modal", website: site.id)
            try withBrowser(on: screen) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("widget().activeElement === $w('textarea')")
                let pageIsInert = "[...document.body.children].filter((node) => node.tagName !== 'WEBCHAT-WIDGET' && node.tagName !== 'SCRIPT').every((node) => node.inert)"
                let modal = screen == .phone
                let state = try browser.executeScript("return [$w('.panel').getAttribute('aria-modal'), \(pageIsInert)]")
                #expect(state == [.string(String(modal)), .bool(modal)])
                guard modal else { return }

                // Tab and Shift+Tab, many times: the focus never leaves the panel.
                var focused: Set<String> = []
                for key in Array(repeating: AccessibilityKeys.tab, count: 7) + Array(repeating: AccessibilityKeys.shiftTab, count: 7) {
                    try browser.type(key, into: browser.executeScript("return widget().activeElement"))
                    let inside = try browser.executeScript("""
                        const active = widget().activeElement;
                        return document.activeElement === document.querySelector('webchat-widget') && $w('.panel').contains(active)
                          ? active.className || active.tagName : null;
                        """)
                    let name = try #require(inside.stringValue, "the focus left the panel after \(focused)")
                    focused.insert(name)
                }
                #expect(focused.isSuperset(of: ["close", "send", "log"]), "\(focused)")

                // Escape from a part of the panel that was clicked, not a control: it closes, and the page is back.
                try browser.click(browser.executeScript("return $w('header h2')"))
                try browser.type(AccessibilityKeys.escape, into: browser.executeScript("return widget().activeElement || $w('.panel')"))
                try browser.waitUntil("!isShown('.panel')")
                #expect(try browser.executeScript("""
                    return [widget().activeElement === $w('.launcher'), \(pageIsInert.replacingOccurrences(of: "every((node) => node.inert)", with: "some((node) => node.inert)"))];
                    """) == [true, false])
            }
        }
    }
}

/// WebDriver key codes (Shift stays down until released at the end of the sequence).
enum AccessibilityKeys {
    static let tab = "\u{E004}"
    static let shiftTab = "\u{E008}\u{E004}\u{E000}"
    static let escape = "\u{E00C}"
}
