import BrowserSupport
import JSON
import Testing
import TestSupport

/// Notifications in the sidebar (contract §10, issue 18 point 6) in a real Chromium against a real
/// server: the `webchat-unread` event with the total, the count in the title while the page is
/// hidden, a toast for a new chat, and the opt-in sound and desktop notifications.
@Suite(.serialized) struct SidebarNotificationsBrowserTests {
    /// Page helpers. The page's visibility is set the way a hidden tab reports it; desktop
    /// notifications are recorded by a stand-in for the Notification API whose permission prompt
    /// answers `window.permissionAnswer` (a headless browser has no prompt to click); tones are
    /// counted on the real Web Audio oscillators the sidebar starts.
    static let helpers = """
        window.setHidden = (hidden) => {
          Object.defineProperty(document, "visibilityState", { configurable: true, get: () => hidden ? "hidden" : "visible" });
          Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
          document.dispatchEvent(new Event("visibilitychange"));
        };
        window.unread = [];
        sidebar.addEventListener("webchat-unread", (e) => unread.push(e.detail.total));
        window.shown = [];
        window.permissionAnswer = "granted";
        window.Notification = class {
          static permission = "default";
          static async requestPermission() { Notification.permission = permissionAnswer; return permissionAnswer; }
          constructor(title, options) { this.title = title; this.options = options; shown.push(this); }
          close() {}
        };
        window.tones = 0;
        const start = OscillatorNode.prototype.start;
        OscillatorNode.prototype.start = function (...args) { window.tones += 1; return start.apply(this, args); };
        """

    @Test func unreadTotalsTitleCountToastSoundAndDesktopNotifications() async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let vera = app.caller(site, role: "visitor", sub: "v1", name: "Vera")
            let tom = app.caller(site, role: "visitor", sub: "v2", name: "Tom")
            let veraChat = try vera.send("First question")
            let tomChat = try tom.send("Second question")
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1", name: "Ada")

            try withBrowser(windowWidth: 1100, windowHeight: 700) { browser in
                try browser.mountSidebar(port: app.port, token: agentToken)
                _ = try browser.executeScript(Self.helpers)
                let title = try browser.text("document.title")

                // The total, as an event; the title changes only while the page is hidden.
                _ = try browser.executeScript("sidebar.reload()")
                try browser.waitUntil("unread.at(-1) === 2")
                _ = try browser.executeScript("setHidden(true)")
                #expect(try browser.text("document.title") == "(2) \(title ?? "")")
                try vera.send("Hello?", chat: veraChat)
                try browser.waitUntil("unread.at(-1) === 3 && document.title.startsWith('(3) ')")
                // Nothing was opted in: no sound, no desktop notification.
                #expect(try browser.executeScript("return [tones, shown.length]") == [0, 0])
                _ = try browser.executeScript("setHidden(false)")
                #expect(try browser.text("document.title") == title)

                // Opting in: "Alerts" opens two checkboxes; the sound plays once to say so, and the
                // desktop box asks the browser's permission.
                try browser.click(browser.executeScript("return $('.notify-settings summary')"))
                let summary = try browser.executeScript("return $('.notify-settings summary')")
                #expect(try browser.accessibleName(of: summary) == "Alerts")
                let boxes = try browser.executeScript("return $$('.notify-panel input')").arrayValue ?? []
                #expect(try boxes.map { try browser.accessibleName(of: $0) } == ["Play a sound", "Desktop notifications"])
                try browser.click(boxes[0])
                try browser.waitUntil("tones === 2")
                try browser.click(boxes[1])
                try browser.waitUntil("$$('.notify-panel input').every((box) => box.checked)")
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])

                // Hidden again: a message rings and shows a desktop notification with its text.
                _ = try browser.executeScript("setHidden(true)")
                try tom.send("<b>Are you there?</b>", chat: tomChat)
                try browser.waitUntil("shown.length === 1 && tones === 4")
                #expect(try browser.executeScript("return [shown[0].title, shown[0].options.body, shown[0].options.tag]")
                        == ["Tom", "<b>Are you there?</b>", .string(tomChat)])

                // A new chat: a toast (text, never markup) and a notification; a click opens it.
                let hostile = #"<img src=x onerror="window.pwned=1">"#
                try app.caller(site, role: "visitor", sub: "v4", name: hostile).send("Hi")
                try browser.waitUntil("!$('.toast').hidden && shown.length >= 2")
                #expect(try browser.text("$('.toast-text').textContent") == "New chat: \(hostile)")
                #expect(try browser.executeScript("return shown.some((n) => n.title === 'New chat: ' + arguments[0])", arguments: [.string(hostile)]) == true)
                #expect(try browser.executeScript("return window.pwned === undefined && $$('img').length === 0") == true)
                try browser.click(browser.executeScript("return $('.toast-close')"))
                #expect(try browser.executeScript("return $('.toast').hidden") == true)
                let mia = app.caller(site, role: "visitor", sub: "v3", name: "Mia Keller")
                let newChat = try mia.send("Do you ship to Norway?")
                try browser.waitUntil("$('.toast-text').textContent === 'New chat: Mia Keller' && !$('.toast').hidden")
                // The keyboard on the toast keeps it (it would go after 8 s, which the checks below
                // may take on a slow machine); leaving it starts the time again.
                _ = try browser.executeScript("$('.toast-open').focus()")
                _ = try browser.executeScript("setHidden(false)")
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])
                // docs/EMBEDDING.md: the list with its views, the opened alerts and a new chat's toast.
                let path = try screenshotPath("sidebar-alerts.png")
                try browser.screenshot(to: path)
                #expect(try readFile(path).prefix(4) == [0x89, 0x50, 0x4E, 0x47])
                try browser.click(browser.executeScript("return $('.toast-open')"))
                try browser.waitUntil("sidebar.openChatId === arguments[0] && $('.toast').hidden", arguments: [.string(newChat)])

                // A message in the chat the agent is reading is no news: no sound, no notification.
                let before = try browser.executeScript("return [tones, shown.length]")
                try mia.send("Still here", chat: newChat)
                try browser.waitUntil("logTexts().at(-1) === 'Still here'")
                #expect(try browser.executeScript("return [tones, shown.length]") == before)

                // A refused permission unticks the box and says where to allow it; the choices stay
                // after a reload of the page.
                _ = try browser.executeScript("Notification.permission = 'default'; permissionAnswer = 'denied'")
                try browser.click(boxes[1])
                try browser.click(boxes[1])
                try browser.waitUntil("!$('.notify-desktop').checked && $('.notify-status').textContent !== ''")
                #expect(try browser.text("$('.notify-status').textContent") == "The browser blocks notifications for this site; allow them in its site settings.")
                #expect(try browser.text("localStorage.getItem('webchat-sidebar:alerts')") == #"{"sound":true,"desktop":false}"#)
            }
        }
    }
}
