import BrowserSupport
import JSON
import Testing
import TestSupport

/// The quick views Mine / Unassigned / All (contract §10, issue 18 point 6) in a real Chromium
/// against a real server: each is a filter, ANDed with the host's, so the list changes at once and
/// stays live over the WebSocket and over polling; the view is an attribute, a property and an event.
@Suite(.serialized) struct SidebarViewsBrowserTests {
    static let projectOne = #"{"metadata__project_id":1}"#

    @Test(arguments: [false, true]) func quickViewsAreLiveFiltersOverTheWebSocketAndPolling(_ polling: Bool) async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let bo = app.caller(site, role: "agent", sub: "bo", name: "Bo")
            let ada = app.caller(site, role: "agent", sub: "a1", name: "Ada")
            let project: JSONValue = ["project_id": 1]
            let mine = try app.caller(site, role: "visitor", sub: "v1").send("Mine", metadata: project)
            let open = try app.caller(site, role: "visitor", sub: "v2").send("Nobody's", metadata: project)
            let bos = try app.caller(site, role: "visitor", sub: "v3").send("Bo's", metadata: project)
            let elsewhere = try app.caller(site, role: "visitor", sub: "v4").send("Another project", metadata: ["project_id": 2])
            _ = try bo.expect(200, "PATCH", "/api/v1/chats/\(mine)", json: #"{"assignee_id":"a1"}"#)
            _ = try bo.expect(200, "PATCH", "/api/v1/chats/\(bos)", json: #"{"assignee_id":"bo"}"#)

            try withBrowser { browser in
                try browser.mountSidebar(port: app.port, token: ada.token, filters: Self.projectOne, query: polling ? "?websocket=refused" : "")
                try browser.waitUntil("$('.connection').textContent === arguments[0]", arguments: [.string(polling ? "Polling" : "Real-time")])
                _ = try browser.executeScript("window.views = []; sidebar.addEventListener('webchat-view', (e) => views.push(e.detail.view))")
                // All (the default): every chat of the host's filters.
                #expect(Set(try browser.sidebarChatIDs()) == [mine, open, bos])
                #expect(try browser.text("sidebar.view") == "all")
                let radios = try browser.executeScript("return $$('.views input')").arrayValue ?? []
                #expect(try radios.map { try browser.accessibleName(of: $0) } == ["Mine", "Unassigned", "All"])
                #expect(try radios.map { try browser.accessibleRole(of: $0) } == ["radio", "radio", "radio"])
                #expect(try browser.accessibleName(of: browser.executeScript("return $('.views')")) == "View")

                // Mine: a click; the attribute and an event tell the host.
                try browser.click(radios[0])
                try browser.waitUntil("ids().length === 1 && ids()[0] === arguments[0]", arguments: [.string(mine)])
                #expect(try browser.executeScript("return [sidebar.view, sidebar.getAttribute('view'), views]") == ["mine", "mine", ["mine"]])
                // Live: a chat assigned to the agent comes in, one handed to Bo leaves.
                _ = try bo.expect(200, "PATCH", "/api/v1/chats/\(open)", json: #"{"assignee_id":"a1"}"#)
                try browser.waitUntil("ids().includes(arguments[0])", arguments: [.string(open)])
                _ = try bo.expect(200, "PATCH", "/api/v1/chats/\(mine)", json: #"{"assignee_id":"bo"}"#)
                try browser.waitUntil("ids().length === 1 && ids()[0] === arguments[0]", arguments: [.string(open)])

                // Unassigned, set by the host as a property: the keyboard's radio follows.
                _ = try browser.executeScript("sidebar.view = 'unassigned'")
                try browser.waitUntil("ids().length === 0 && !$('.list-empty').hidden")
                #expect(try browser.executeScript("return $$('.views input').map((radio) => radio.checked)") == [false, true, false])
                // A new visitor chat of the host's project arrives unassigned; another project's does not.
                let fresh = try app.caller(site, role: "visitor", sub: "v5").send("Hello?", metadata: project)
                _ = try app.caller(site, role: "visitor", sub: "v6").send("Elsewhere", metadata: ["project_id": 2])
                try browser.waitUntil("ids().length === 1 && ids()[0] === arguments[0]", arguments: [.string(fresh)])
                _ = try bo.expect(200, "PATCH", "/api/v1/chats/\(bos)", json: #"{"assignee_id":null}"#)
                try browser.waitUntil("ids().length === 2 && ids().includes(arguments[0])", arguments: [.string(bos)])

                // Taking a chat from Unassigned moves it out of the view.
                try browser.openSidebarChat(fresh)
                _ = try browser.executeScript("const option = [...$('.assignee-select').options].find((o) => o.value === 'a1'); option.selected = true; $('.assignee-select').dispatchEvent(new Event('change'))")
                try browser.waitUntil("ids().length === 1 && ids()[0] === arguments[0]", arguments: [.string(bos)])

                // Back to All, with the keyboard: arrow keys move between the radios.
                try browser.type("\u{E014}", into: browser.executeScript("return $$('.views input')[1]"))
                try browser.waitUntil("sidebar.view === 'all' && ids().length === 4")
                #expect(!(try browser.sidebarChatIDs()).contains(elsewhere))
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])
            }
        }
    }
}
