import BrowserSupport
import JSON
import Testing
import TestSupport

/// A page whose origin the website does not allow (here `http://localhost:PORT` for a website
/// that allows only `http://127.0.0.1:PORT`, the classic first-hour mistake): the widget decides
/// before drawing anything, shows nothing, starts no session, and logs one console error that
/// names the page's origin, the allowed ones and the command that fixes it.
@Suite(.serialized) struct WrongOriginBrowserTests {
    @Test(arguments: Screen.allCases) func theWidgetShowsNothingAndSaysWhy(_ screen: Screen) async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWebsite("Shop", origins: [app.widgetServer])
            let agent = app.caller(site, role: "agent", sub: "agent-ada")
            let url = try app.hostPage("wrong-origin", website: site.id)
            try withBrowser(on: screen) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("window.WebChat && typeof WebChat.open === 'function'")
                let errors = try Self.waitForErrors(browser)
                #expect(errors.count == 1, "\(errors)")
                let error = errors.first ?? ""
                for part in [app.siteOrigin, app.widgetServer, site.id, "webchat websites update \(site.id) --origin \(app.widgetServer) --origin \(app.siteOrigin)"] {
                    #expect(error.contains(part), "\(part) in \(error)")
                }
                // Nothing drawn, and opening from the page's script draws nothing either.
                _ = try browser.executeScript("WebChat.open()")
                #expect(try browser.executeScript("""
                    const host = document.querySelector('webchat-widget');
                    return [host.checkVisibility(), host.hasAttribute('data-ready'), localStorage.length];
                    """) == [false, false, 0])
                // No session was asked for: the server never saw this visitor.
                #expect(try agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.isEmpty == true)
                #expect(try browser.browserLog().filter { $0.hasPrefix("SEVERE") }.count == 1)
            }
        }
    }

    @Test func theSamePageOnAnAllowedOriginGetsTheWidget() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWebsite("Shop", origins: [app.widgetServer, app.siteOrigin])
            let url = try app.hostPage("right-origin", website: site.id)
            try withBrowser(on: .desktop) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                #expect(try browser.browserLog().filter { $0.hasPrefix("SEVERE") } == [])
            }
        }
    }

    /// The console's error lines, once the widget wrote one (or after 30 s, none).
    static func waitForErrors(_ browser: Browser) throws -> [String] {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let errors = try browser.browserLog().filter { $0.hasPrefix("SEVERE") }
            if !errors.isEmpty { return errors }
            try browser.waitUntil("new Promise((done) => setTimeout(() => done(true), 100))")
        }
        return []
    }
}
