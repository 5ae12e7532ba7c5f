import BrowserSupport
import JSON
import Testing
import TestSupport

/// The sidebar's canned-response picker (contract §10, issue 18 point 2) in a real Chromium
/// against a real server: "/" and the start of a shortcut list the matching responses, the keys
/// and the mouse insert one without sending, Escape keeps what was typed, the reply box is an
/// accessible combobox, titles are drawn as text, and the list is fetched once, not per keystroke.
@Suite(.serialized) struct CannedResponseBrowserTests {
    /// WebDriver key codes.
    static let arrowDown = "\u{E015}", arrowUp = "\u{E013}", tab = "\u{E004}", escape = "\u{E00C}", backspace = "\u{E003}"
    static let hostileTitle = "<img src=x onerror=alert(1)>"

    /// Page helpers: what the open picker shows, its state as assistive technology reads it, and
    /// how many times the page asked for the canned responses.
    static let helpers = """
        window.picker = () => $('#canned-list').hidden ? [] : $$('#canned-list [role="option"]').map((node) => node.textContent);
        window.combobox = () => { const input = $('#composer-input'), active = input.getAttribute('aria-activedescendant');
          return [input.getAttribute('aria-expanded'), input.getAttribute('aria-controls'), active && $('#' + active)?.textContent,
                  $$('#canned-list [aria-selected="true"]').map((node) => node.id).join() === (active || '')]; };
        window.cannedFetches = () => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/v1/canned-responses')).length;
        """

    @Test(arguments: Screen.allCases) func slashAndAShortcutOfferCannedResponsesToInsert(_ screen: Screen) async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            for (shortcut, title, text) in [("refund", "Refunds", "Refunds take 5 to 7 working days."),
                                            ("hello", "Greeting", "Hello! How can I help?"),
                                            ("refund-policy", "Refund policy", "Our refund policy: https://example.com/refunds"),
                                            ("refresh", "Reload the page", "Please reload the page (Ctrl+R)."),
                                            ("xss", Self.hostileTitle, "<b>not bold</b>")] {
                let body = WidgetBrowserTests.json(["shortcut": .string(shortcut), "title": .string(title), "text": .string(text)])
                _ = try admin.expect(201, "POST", "/api/v1/canned-responses", json: body)
            }
            let visitor = app.caller(site, role: "visitor", sub: "v1", name: "Vera")
            let chatID = try visitor.send("Can I get my money back?")
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1", name: "Ada")

            try withBrowser(on: screen) { browser in
                try browser.mountSidebar(port: app.port, token: agentToken)
                _ = try browser.executeScript(Self.helpers)
                try browser.openSidebarChat(chatID)
                try browser.waitUntil("logTexts().length === 1")
                let input = try browser.executeScript("return $('#composer-input')")
                #expect(try browser.accessibleRole(of: input) == "combobox")
                #expect(try browser.executeScript("return combobox()") == ["false", "canned-list", .null, true])

                // "/ref" after a space: the matching ones, in shortcut order, the first selected.
                try browser.type("Hi! /ref", into: input)
                try browser.waitUntil("picker().length === 3")
                #expect(try browser.executeScript("return picker()") == ["/refreshReload the page", "/refundRefunds", "/refund-policyRefund policy"])
                #expect(try browser.executeScript("return combobox()") == ["true", "canned-list", "/refreshReload the page", true])
                let listbox = try browser.executeScript("return $('#canned-list')")
                #expect(try browser.accessibleRole(of: listbox) == "listbox")
                #expect(try browser.accessibleName(of: listbox) == "Canned responses")
                let options = try browser.executeScript("return $$('#canned-list [role=\"option\"]')").arrayValue ?? []
                #expect(try options.map { try browser.accessibleName(of: $0) } == ["/refresh Reload the page", "/refund Refunds", "/refund-policy Refund policy"])
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])
                if screen == .phone { // the picture in docs/EMBEDDING.md: the picker fills a phone's width
                    let path = try screenshotPath("sidebar-canned-picker.png")
                    try browser.screenshot(to: path)
                    #expect(try readFile(path).prefix(4) == [0x89, 0x50, 0x4E, 0x47])
                }

                // The arrows wrap; ArrowDown and Enter insert the second one, and nothing is sent.
                // Keys go to the focused reply box with `press`: `type` would blur it first.
                try browser.press(Self.arrowUp)
                #expect(try browser.executeScript("return combobox()[2]") == "/refund-policyRefund policy")
                try browser.press(Self.arrowDown + Self.arrowDown)
                #expect(try browser.executeScript("return combobox()[2]") == "/refundRefunds")
                try browser.press(Browser.enterKey)
                #expect(try browser.text("$('#composer-input').value") == "Hi! Refunds take 5 to 7 working days.")
                #expect(try browser.executeScript("return [picker(), combobox(), $$('.log .message').length]")
                        == [[], ["false", "canned-list", .null, true], 1])

                // Escape closes and keeps the text; typing on after it does not reopen.
                try browser.press(" /hel")
                try browser.waitUntil("picker().length === 1")
                try browser.press(Self.escape + "l")
                #expect(try browser.text("$('#composer-input').value") == "Hi! Refunds take 5 to 7 working days. /hell")
                #expect(try browser.executeScript("return [picker(), combobox()[0]]") == [[], "false"])

                // A new "/" opens it again; Tab inserts too.
                try browser.press(String(repeating: Self.backspace, count: 5) + "/hello")
                try browser.waitUntil("picker().length === 1")
                try browser.press(Self.tab)
                #expect(try browser.text("$('#composer-input').value") == "Hi! Refunds take 5 to 7 working days. Hello! How can I help?")
                #expect(try browser.executeScript("return sidebar.shadowRoot.activeElement === $('#composer-input')") == true)

                // A title made of markup is text; a click inserts (text, not markup), the focus stays.
                try browser.press(" /x")
                try browser.waitUntil("picker().length === 1")
                #expect(try browser.executeScript("return [$('.canned-title').textContent, $$('#canned-list *').filter((node) => node.tagName === 'IMG').length]")
                        == [.string(Self.hostileTitle), 0])
                try browser.click(browser.executeScript("return $('#canned-list [role=\"option\"]')"))
                let reply = "Hi! Refunds take 5 to 7 working days. Hello! How can I help? <b>not bold</b>"
                #expect(try browser.text("$('#composer-input').value") == reply)
                #expect(try browser.executeScript("return [picker(), sidebar.shadowRoot.activeElement === $('#composer-input')]") == [[], true])

                // Right to left: the list follows the reply's direction.
                try browser.press(Browser.enterKey)
                try browser.type("مرحبا /re", into: input)
                try browser.waitUntil("picker().length === 3")
                #expect(try browser.executeScript("return getComputedStyle($('.canned-option')).direction") == "rtl")
                try browser.press(Self.escape)

                // One request for the list while the agent typed all of this.
                #expect(try browser.executeScript("return cannedFetches()") == 1)
                try browser.waitUntil("logTexts().length === 2")
                #expect(try browser.executeScript("return logTexts()[1]") == .string(reply))
            }
        }
    }
}
