import BrowserSupport
import JSON
import Testing
import TestSupport

/// Notes and system messages in the sidebar (contract §10, issue 18 point 6) in a real Chromium
/// against a real server: the composer switches between Reply and Note and looks different while
/// writing a note, a note goes out over REST and never reaches the visitor, notes are drawn
/// differently in the thread, and assignment and status changes are centered activity lines.
@Suite(.serialized) struct SidebarNotesBrowserTests {
    /// Markup in a note is text: it reads as typed, nothing is bold.
    static let hostileNote = "VIP customer, <b>be extra kind</b>"

    @Test(arguments: Screen.allCases) func theAgentWritesNotesThatOnlyStaffSeeAndSystemMessagesAreActivityLines(_ screen: Screen) async throws {
        try await withApp(publicFiles: SidebarTestPage.files) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1", name: "Vera")
            let bo = app.caller(site, role: "agent", sub: "bo", name: "Bo")
            let chatID = try visitor.send("Where is my parcel?")
            let agentToken = TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "a1", name: "Ada")
            // Where the visitor's stream stood: read over the WebSocket afterwards (a connection
            // left unread through a slow browser run would be closed for unanswered pings).
            let visitorStart = try visitor.poll(cursor: nil).cursor

            try withBrowser(on: screen) { browser in
                try browser.mountSidebar(port: app.port, token: agentToken)
                try browser.openSidebarChat(chatID)
                try browser.waitUntil("logTexts().length === 1")
                let replyBackground = try browser.text("getComputedStyle($('.composer')).backgroundColor")

                // The switch is a radio group: Reply is chosen, Note is one arrow key away.
                let radios = try browser.executeScript("return $$('.composer-mode input')").arrayValue ?? []
                #expect(try radios.map { try browser.accessibleRole(of: $0) } == ["radio", "radio"])
                #expect(try radios.map { try browser.accessibleName(of: $0) } == ["Reply", "Note"])
                #expect(try browser.accessibleName(of: browser.executeScript("return $('.composer-mode')")) == "Message type")
                try browser.click(radios[1])
                #expect(try browser.executeScript("return [$('.composer').classList.contains('note'), $('.note-label').hidden, $('.composer button').textContent]")
                        == [true, false, "Add note"])
                #expect(try browser.text("$('.note-label').textContent") == "Note — only staff see this")
                #expect(try browser.text("getComputedStyle($('.composer')).backgroundColor") != replyBackground)
                let input = try browser.executeScript("return $('#composer-input')")
                #expect(try browser.accessibleName(of: input) == "Note")
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])

                // A note goes over REST; it is drawn yellow and tagged, and the visitor never gets it.
                let beforeNote = try visitor.poll(cursor: nil).cursor
                try browser.type(Self.hostileNote + Browser.enterKey, into: input)
                try browser.waitUntil("$$('.log .message.note:not(.pending)').length === 1")
                // Typing a note sends no typing signal: nothing reached the visitor meanwhile.
                #expect(try visitor.poll(cursor: beforeNote).events.filter { $0["type"]?.stringValue == "typing" }.isEmpty)
                #expect(try browser.executeScript("return [$('.message.note .bubble').textContent, $('.message.note .note-tag').textContent]")
                        == [.string(Self.hostileNote), "Private note"])
                #expect(try browser.executeScript("return getComputedStyle($('.message.note .bubble')).backgroundColor") == "rgb(254, 249, 195)")
                #expect(try browser.executeScript("return $$('.log b').length") == 0)
                // The list's preview stays the last message a visitor may see (a note never is one).
                #expect(try browser.text("part(arguments[0], '.chat-preview')", .string(chatID)) == "Where is my parcel?")

                // Back to Reply: the composer is itself again, and a reply is text.
                try browser.click(radios[0])
                #expect(try browser.executeScript("return [$('.composer').classList.contains('note'), $('.note-label').hidden, $('.composer button').textContent]")
                        == [false, true, "Send"])
                #expect(try browser.accessibleName(of: input) == "Reply")
                try browser.type("It ships today." + Browser.enterKey, into: input)
                try browser.waitUntil("logTexts().at(-1) === 'It ships today.' && $$('.log .pending').length === 0")

                // A colleague's note arrives live; their status change is an activity line, centered.
                _ = try bo.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"I called the courier","type":"note"}"#)
                try browser.waitUntil("$$('.log .message.note').length === 2")
                #expect(try browser.text("$$('.log .message.note').at(-1).querySelector('.meta').firstChild.textContent") == "Bo")
                _ = try bo.expect(200, "PATCH", "/api/v1/chats/\(chatID)", json: #"{"status":"pending"}"#)
                try browser.waitUntil("$$('.log .message.system').length === 1")
                #expect(try browser.text("$('.log .message.system .activity-text').textContent") == "Bo marked this chat pending.")
                #expect(try browser.executeScript("""
                    const text = $('.log .message.system .activity-text').getBoundingClientRect();
                    const time = $('.log .message.system time').getBoundingClientRect(), log = $('.log').getBoundingClientRect();
                    return Math.abs((Math.min(text.left, time.left) + Math.max(text.right, time.right)) / 2 - (log.left + log.right) / 2) < 2
                    """) == true)
                #expect(try browser.executeScript("return $$('.log .message.system .bubble').length") == 0)
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])
                if screen == .desktop { // docs/EMBEDDING.md: the composer writing a note
                    try browser.click(radios[1])
                    try browser.type("Offer a voucher if it is late again", into: input)
                    let path = try screenshotPath("sidebar-notes.png")
                    try browser.screenshot(to: path)
                    #expect(try readFile(path).prefix(4) == [0x89, 0x50, 0x4E, 0x47])
                }
            }

            // The visitor heard the agent type the reply once (a start, then a stop on sending), but
            // not the note: typing a note sends no typing signal.
            let visitorStream = try app.realtime(visitor.token, cursor: visitorStart)
            let heard = try visitorStream.events { $0["type"]?.stringValue == "message.created" && $0["data"]?["text"]?.stringValue == "It ships today." }
            // (A slow machine may let the typing pause and start again: at least one start.)
            #expect(heard.contains { $0["type"]?.stringValue == "typing" && $0["data"]?["state"]?.stringValue == "start" })
            #expect(heard.contains { $0["data"]?["type"] == .string("note") } == false)
            #expect(heard.contains { $0["data"]?["type"] == .string("text") })

            // The visitor's history has the reply and no note; staff see both notes.
            let seen = try visitor.expect(200, "GET", "/api/v1/chats/\(chatID)/messages")["messages"]?.arrayValue ?? []
            #expect(seen.compactMap { $0["type"]?.stringValue }.contains("note") == false)
            let seenTexts = seen.compactMap { $0["text"]?.stringValue }
            #expect(seenTexts.contains("It ships today."))
            let staff: [JSONValue] = try bo.expect(200, "GET", "/api/v1/chats/\(chatID)/messages")["messages"]?.arrayValue ?? []
            let notes: [[String?]] = staff.filter { $0["type"] == .string("note") }
                .map { [$0["text"]?.stringValue, $0["sender"]?["id"]?.stringValue] }
            #expect(notes == [[Self.hostileNote, "a1"], ["I called the courier", "bo"]])
        }
    }
}
