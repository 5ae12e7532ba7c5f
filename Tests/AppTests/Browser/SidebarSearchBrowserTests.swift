import BrowserSupport
import JSON
import Testing
import TestSupport

/// The sidebar's search box (contract §10, issue 18 point 6) in a real Chromium against a real
/// server: typing narrows the list to chats whose words match (ANDed with the host's filters),
/// each showing its snippet as text; chats that come to match arrive live; Escape clears; the box
/// is a labelled search field and `search` a property with an event.
@Suite(.serialized) struct SidebarSearchBrowserTests {
    @Test func typingSearchesLiveAndEscapeClears() async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let ada = app.caller(site, role: "agent", sub: "a1", name: "Ada")
            let project: JSONValue = ["project_id": 1]
            let parcel = try app.caller(site, role: "visitor", sub: "v1").send("Where is my <img src=x onerror=alert(1)> parcel?",
                                                                               metadata: project)
            let dessert = try app.caller(site, role: "visitor", sub: "v2").send("Crème brûlée, s'il vous plaît", metadata: project)
            _ = try app.caller(site, role: "visitor", sub: "v3").send("parcel of another project", metadata: ["project_id": 2])

            try withBrowser { browser in
                try browser.mountSidebar(port: app.port, token: ada.token, filters: #"{"metadata__project_id":1}"#)
                try browser.waitUntil("$('.connection').textContent === 'Real-time' && ids().length === 2")
                _ = try browser.executeScript("window.searches = []; sidebar.addEventListener('webchat-search', (e) => searches.push(e.detail.search))")
                let input = try browser.executeScript("return $('.search-input')")
                #expect(try browser.accessibleName(of: input) == "Search chats")
                #expect(try browser.accessibleRole(of: input) == "searchbox")
                #expect(try browser.accessibleRole(of: browser.executeScript("return $('.search')")) == "search")

                // Typing: the last word is a prefix; the host's filters still hold; the snippet is text.
                try browser.type("PARC", into: input)
                try browser.waitUntil("sidebar.search === 'PARC' && $('.chat-list').getAttribute('aria-busy') === null && ids().length === 1 && ids()[0] === arguments[0]",
                                      arguments: [.string(parcel)])
                #expect(try browser.text("part(arguments[0], '.chat-preview')", .string(parcel)) == "Where is my <img src=x onerror=alert(1)> parcel?")
                #expect(try browser.executeScript("return item(arguments[0]).querySelector('img') === null", arguments: [.string(parcel)]) == true)
                // Keys may arrive slower than the debounce on a busy machine: the last search is the text.
                #expect(try browser.executeScript("return searches.at(-1)") == "PARC")
                _ = try browser.executeScript("searches.length = 0")

                // Live: a chat that comes to match joins the list; one that does not, does not.
                _ = try app.caller(site, role: "visitor", sub: "v4").send("hello there", metadata: project)
                let lost = try app.caller(site, role: "visitor", sub: "v5").send("my parcel got lost", metadata: project)
                try browser.waitUntil("ids().length === 2 && ids()[0] === arguments[0]", arguments: [.string(lost)])
                #expect(try browser.text("part(arguments[0], '.chat-preview')", .string(lost)) == "my parcel got lost")

                // Nothing found, then Escape: the whole list again, the box empty.
                _ = try browser.executeScript("sidebar.search = 'zanzibar'")
                try browser.waitUntil("ids().length === 0 && $('.list-empty').textContent === 'No chats match this search.'")
                try browser.type("\u{E00C}", into: input)
                try browser.waitUntil("ids().length === 4 && $('.search-input').value === '' && sidebar.search === ''")
                #expect(try browser.executeScript("return searches") == ["zanzibar", ""])
                #expect(try browser.text("part(arguments[0], '.chat-preview')", .string(parcel)) == "Where is my <img src=x onerror=alert(1)> parcel?")

                // Accents fold: the property searches at once and the box shows it.
                _ = try browser.executeScript("sidebar.search = 'creme'")
                try browser.waitUntil("ids().length === 1 && ids()[0] === arguments[0]", arguments: [.string(dessert)])
                #expect(try browser.text("$('.search-input').value") == "creme")
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])
            }
        }
    }
}
