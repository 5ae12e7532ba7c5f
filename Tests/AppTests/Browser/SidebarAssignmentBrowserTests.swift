import BrowserSupport
import JSON
import Realtime
import Testing
import TestSupport

/// The open chat's controls and the agent's availability in the sidebar (contract §10, issue 18
/// point 6) in a real Chromium against a real server: assign to me, to an available colleague
/// (online first) or to nobody; change status and priority; each change reaches the server and
/// shows its system message; the agent's own state switch saves and follows presence events.
@Suite(.serialized) struct SidebarAssignmentBrowserTests {
    /// Page helpers: the options of a select as shown, and choosing one as a user does.
    static let helpers = """
        window.options = (selector) => [...$(selector).options].map((option) => option.textContent);
        window.optionOf = (selector, value) => [...$(selector).options].find((option) => option.value === value);
        window.settled = () => $$('select[aria-busy]').length === 0;
        """

    /// GET /availability lists connections vouched for within the grace, and the tests' 300 ms
    /// grace is shorter than the 5 s between vouches: these tests use the 60 s of production.
    static var realtime: HubConfiguration {
        var configuration = HubConfiguration.forTests
        configuration.presenceGraceMilliseconds = 60_000
        return configuration
    }

    @Test func theAgentAssignsChangesStatusAndPriorityAndSetsTheirOwnAvailability() async throws {
        try await withApp(realtime: Self.realtime, publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1", name: "Vera")
            let chatID = try visitor.send("Can someone help me?")
            let ada = app.caller(site, role: "agent", sub: "a1", name: "Ada")
            let bo = try app.realtime(TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "bo", name: "Bo"))
            let cyToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "cy", name: "Cy")
            let cyConnection = try app.realtime(cyToken)
            let cy = app.caller(site, role: "agent", sub: "cy", name: "Cy")
            _ = try cy.expect(200, "PUT", "/api/v1/me/availability", json: #"{"state":"away"}"#)
            func chat() throws -> JSONValue { try ada.expect(200, "GET", "/api/v1/chats/\(chatID)") }

            try withBrowser { browser in
                try browser.mountSidebar(port: app.port, token: ada.token)
                _ = try browser.executeScript(Self.helpers)
                func choose(_ selector: String, _ value: String) throws {
                    let arguments: [JSONValue] = [.string(selector), .string(value)]
                    try browser.waitUntil("optionOf(arguments[0], arguments[1]) !== undefined", arguments: arguments)
                    try browser.click(browser.executeScript("return optionOf(arguments[0], arguments[1])", arguments: arguments))
                }
                // The agent's own state: connected, so online (green), and labelled for screen readers.
                try browser.waitUntil("$('.availability-select').value === 'online'")
                let availability = try browser.executeScript("return $('.availability-select')")
                #expect(try browser.accessibleName(of: availability) == "Your availability")
                #expect(try browser.executeScript("return options('.availability-select')") == ["Online", "Away", "Busy", "Offline"])

                try browser.openSidebarChat(chatID)
                for (selector, name) in [(".assignee-select", "Assignee"), (".status-select", "Status"), (".priority-select", "Priority")] {
                    #expect(try browser.accessibleName(of: browser.executeScript("return $(arguments[0])", arguments: [.string(selector)])) == name)
                }
                #expect(try browser.accessibleName(of: browser.executeScript("return $('.chat-controls')")) == "Chat controls")
                // Unassigned, me, then who is connected: online first, each with their state.
                try browser.waitUntil("options('.assignee-select').length === 4")
                #expect(try browser.executeScript("return options('.assignee-select')") == ["Unassigned", "Me (Ada)", "Bo (online)", "Cy (away)"])
                #expect(try browser.executeScript("return [$('.assignee-select').value, $('.priority-select').value]") == ["", "0"])
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])

                // Assign to me: saved, and the system message is an activity line.
                try choose(".assignee-select", "a1")
                try browser.waitUntil("settled() && $$('.log .message.system').length === 1")
                #expect(try chat()["assignee_id"]?.stringValue == "a1")
                #expect(try browser.text("$$('.activity-text').at(-1).textContent") == "Ada took this chat.")

                // To a colleague, then to nobody.
                try choose(".assignee-select", "bo")
                try browser.waitUntil("settled() && $$('.log .message.system').length === 2")
                #expect(try chat()["assignee_id"]?.stringValue == "bo")
                #expect(try browser.text("$$('.activity-text').at(-1).textContent") == "Ada assigned this chat to Bo.")
                try choose(".assignee-select", "")
                try browser.waitUntil("settled() && $$('.log .message.system').length === 3")
                #expect(try chat()["assignee_id"] == .null)
                #expect(try browser.text("$$('.activity-text').at(-1).textContent") == "Ada unassigned this chat.")

                // Priority and status.
                try choose(".priority-select", "3")
                try browser.waitUntil("settled()")
                try browser.waitUntil("serverChat(arguments[0]).then((chat) => chat.priority === 3)", arguments: [.string(chatID)])
                #expect(try browser.executeScript("return $('.priority-select').selectedOptions[0].textContent") == "High")
                try choose(".status-select", "resolved")
                try browser.waitUntil("settled() && $$('.log .message.system').length === 4")
                #expect(try chat()["status"]?.stringValue == "resolved")
                #expect(try browser.text("part(arguments[0], '.status')", .string(chatID)) == "resolved")

                // A colleague who becomes available moves up, live.
                _ = try cy.expect(200, "PUT", "/api/v1/me/availability", json: #"{"state":"online"}"#)
                try browser.waitUntil("options('.assignee-select').includes('Cy (online)')")
                #expect(try browser.text("options('.assignee-select').join(' | ')") == "Unassigned | Me (Ada) | Bo (online) | Cy (online)")

                // The agent's own switch saves their state; a change made elsewhere shows here.
                try choose(".availability-select", "away")
                try browser.waitUntil("settled() && $('.availability-select').dataset.state === 'away'")
                let roster = try ada.expect(200, "GET", "/api/v1/availability")["agents"]?.arrayValue ?? []
                #expect(roster.first { $0["principal"]?["id"] == .string("a1") }?["state"] == .string("away"))
                _ = try ada.expect(200, "PUT", "/api/v1/me/availability", json: #"{"state":"busy"}"#)
                try browser.waitUntil("$('.availability-select').value === 'busy'")
                #expect(try browser.executeScript("return getComputedStyle($('.availability'), '::before').backgroundColor") == "rgb(220, 38, 38)")
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])
            }
            withExtendedLifetime(bo) {}
            withExtendedLifetime(cyConnection) {}
        }
    }

    @Test func aBotHasNoAvailabilitySwitch() async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let bot = app.caller(site, role: "bot", sub: "helper", name: "Helper")
            try withBrowser { browser in
                try browser.mountSidebar(port: app.port, token: bot.token)
                #expect(try browser.executeScript("return $('.availability').hidden") == true)
            }
        }
    }
}
