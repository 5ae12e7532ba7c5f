import BrowserSupport
import JSON
import Testing
import TestSupport

/// The reply boxes of the sidebar and the widget: one line, without a scrollbar, when a chat
/// opens (every time, also after switching chats) and after the first keystroke; they grow with
/// the text up to their limit, and only then scroll.
@Suite(.serialized) struct ComposerBrowserTests {
    /// [height, whether the text overflows the box, the overflow-y style] of a textarea.
    static let measure = """
        window.measure = (box) => [Math.round(box.getBoundingClientRect().height), box.scrollHeight > box.clientHeight, getComputedStyle(box).overflowY];
        """
    static let shift = "\u{E008}", release = "\u{E000}"

    struct Size: Equatable, CustomStringConvertible {
        var height: Int
        var overflows: Bool
        var overflowY: String
        var description: String { "\(height) px, overflows: \(overflows), overflow-y: \(overflowY)" }
    }

    /// The size of the textarea the page expression `box` names.
    static func size(_ browser: Browser, _ box: String) throws -> Size {
        let value = try browser.executeScript("return measure(\(box))").arrayValue ?? []
        return Size(height: value.first?.intValue ?? -1, overflows: value.dropFirst().first == true,
                    overflowY: value.last?.stringValue ?? "")
    }

    /// Text of `lines` lines typed as a person would: Shift+Enter between them.
    static func lines(_ count: Int) -> String {
        (1...count).map { "line \($0)" }.joined(separator: shift + Browser.enterKey + release)
    }

    @Test(arguments: Screen.allCases) func theSidebarsReplyBoxFitsItsText(_ screen: Screen) async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let first = try app.caller(site, role: "visitor", sub: "v1", name: "Vera").send("First question")
            let second = try app.caller(site, role: "visitor", sub: "v2", name: "Tom").send("Second question")
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1")
            try withBrowser(on: screen) { browser in
                try browser.mountSidebar(port: app.port, token: agentToken)
                _ = try browser.executeScript(Self.measure)
                try browser.openSidebarChat(first)
                let empty = try Self.size(browser, "$('#composer-input')")
                #expect(!empty.overflows && empty.overflowY == "hidden", "\(empty)")
                let oneLine = empty.height
                #expect(oneLine >= 34, "one line and its padding, not collapsed: \(empty)")

                let input = try browser.executeScript("return $('#composer-input')")
                try browser.type("H", into: input)
                #expect(try Self.size(browser, "$('#composer-input')") == Size(height: oneLine, overflows: false, overflowY: "hidden"))
                try browser.type(Self.shift + Browser.enterKey + Self.release + Self.lines(2), into: input)
                let three = try Self.size(browser, "$('#composer-input')")
                #expect(three.height > oneLine + 30 && !three.overflows && three.overflowY == "hidden", "\(three)")
                try browser.type(Self.shift + Browser.enterKey + Self.release + Self.lines(12), into: input)
                #expect(try Self.size(browser, "$('#composer-input')") == Size(height: 160, overflows: true, overflowY: "auto"))

                // Another chat and back (the draft stays): measured each time it is shown.
                if screen == .phone { try browser.click(browser.executeScript("return $('.back')")) }
                try browser.openSidebarChat(second)
                #expect(try Self.size(browser, "$('#composer-input')") == Size(height: oneLine, overflows: false, overflowY: "hidden"))
                if screen == .phone { try browser.click(browser.executeScript("return $('.back')")) }
                try browser.openSidebarChat(first)
                try browser.waitUntil("measure($('#composer-input'))[0] === 160")
                try browser.type(Browser.enterKey, into: input)
                try browser.waitUntil("$('#composer-input').value === '' && measure($('#composer-input'))[0] === arguments[0]",
                                      arguments: [.int(oneLine)])
            }
        }
    }

    @Test(arguments: Screen.allCases) func theWidgetsComposerFitsItsText(_ screen: Screen) async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: WidgetBrowserTests.settings)
            let url = try app.hostPage("composer", website: site.id)
            try withBrowser(on: screen) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                _ = try browser.executeScript(Self.measure)
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("widget().activeElement === $w('textarea')")
                let empty = try Self.size(browser, "$w('textarea')")
                #expect(!empty.overflows, "\(empty)")
                let oneLine = empty.height

                let composer = try browser.executeScript("return $w('textarea')")
                try browser.type("H", into: composer)
                try browser.waitUntil("measure($w('textarea'))[2] === 'hidden'")
                #expect(try Self.size(browser, "$w('textarea')") == Size(height: oneLine, overflows: false, overflowY: "hidden"))
                try browser.type(Self.shift + Browser.enterKey + Self.release + Self.lines(2), into: composer)
                let three = try Self.size(browser, "$w('textarea')")
                #expect(three.height > oneLine + 30 && !three.overflows && three.overflowY == "hidden", "\(three)")
                try browser.type(Self.shift + Browser.enterKey + Self.release + Self.lines(10), into: composer)
                #expect(try Self.size(browser, "$w('textarea')") == Size(height: 120, overflows: true, overflowY: "auto"))
                try browser.type(Browser.enterKey, into: composer)
                try browser.waitUntil("bubbles().length === 1 && measure($w('textarea'))[0] === arguments[0]", arguments: [.int(oneLine)])
            }
        }
    }
}
