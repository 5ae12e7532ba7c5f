import BrowserSupport
import JSON
import Testing
import TestSupport

/// The page at `/` of a server started with `--demo`: the widget on a sample site next to the
/// agent sidebar, so a newcomer chats with themself in one browser.
@Suite(.serialized) struct DemoPageBrowserTests {
    static let helpers = """
        window.widgetRoot = () => document.querySelector("webchat-widget").shadowRoot;
        window.sidebarRoot = () => document.getElementById("sidebar").shadowRoot;
        window.widgetTexts = () => [...widgetRoot().querySelectorAll(".messages .msg[data-id] .bubble")].map((b) => b.textContent);
        window.sidebarTexts = () => [...sidebarRoot().querySelectorAll(".log .message:not(.pending) .bubble")].map((b) => b.textContent);
        window.sidebarChats = () => [...sidebarRoot().querySelectorAll('[role="option"]')];
        """

    @Test func aVisitorAndTheAgentTalkAcrossTheDemoPage() async throws {
        try await withApp(publicFiles: [:], demo: true) { app in
            try withBrowser { browser in
                try browser.navigate(to: "http://127.0.0.1:\(app.port)/")
                try browser.waitUntil("!document.getElementById('demo').hidden && document.querySelector('webchat-widget') !== null")
                _ = try browser.executeScript(Self.helpers)
                try browser.waitUntil("sidebarRoot() !== null && sidebarRoot().querySelector('.connection').textContent === 'Real-time'")
                #expect(try browser.executeScript("return document.getElementById('embed-line').textContent").stringValue?
                    .contains("widget.js\" data-website=\"ws_") == true)

                // The visitor writes in the widget…
                try browser.click(browser.executeScript("return widgetRoot().querySelector('.launcher')"))
                try browser.type("Hello from the shop" + Browser.enterKey, into: browser.executeScript("return widgetRoot().querySelector('textarea')"))
                try browser.waitUntil("widgetTexts().includes('Hello from the shop')")
                // …the chat shows up in the sidebar, the agent opens it and answers (the widget's
                // panel is closed first: on this page it would cover the sidebar)…
                _ = try browser.executeScript("WebChat.close()")
                try browser.waitUntil("sidebarChats().length === 1")
                try browser.click(browser.executeScript("return sidebarChats()[0]"))
                try browser.waitUntil("sidebarTexts().includes('Hello from the shop')")
                try browser.type("Hi! How can I help?" + Browser.enterKey, into: browser.executeScript("return sidebarRoot().querySelector('#composer-input')"))
                // …and the answer appears in the widget.
                try browser.waitUntil("widgetTexts().includes('Hi! How can I help?')")
                _ = try browser.executeScript("WebChat.open()")
                try browser.waitUntil("widgetTexts().join('|') === 'Hello from the shop|Hi! How can I help?'")
            }
        }
    }
}
