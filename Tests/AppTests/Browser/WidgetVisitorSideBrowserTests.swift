import BrowserSupport
import JSON
import Testing
import TestSupport

/// The widget's visitor side (contract §11, `Public/widget-visitor.js`) in a real Chromium against
/// a real server: away mode with the email capture, ending and rating a chat, and the visitor's
/// earlier conversations with a new one started. Each ends with an axe check and a screenshot
/// (docs/images with `WEBCHAT_SCREENSHOTS=1`).
@Suite(.serialized) struct WidgetVisitorSideBrowserTests {
    static let arrowRight = "\u{E014}"
    static let awayMessage = "We're out until 9 tomorrow. Leave your email and we'll write back."
    static let settings = ##"{"title":"Shop support","color":"#0f766e","greeting":"Hello from the shop!","away_message":"\##(awayMessage)","ask_email":"when_away"}"##

    @Test func awayModeSaysSoAndSavesTheVisitorsEmail() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada")
            let url = try app.hostPage("away", website: site.id)
            try withBrowser(windowWidth: 1100, windowHeight: 760) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                // A page view alone does not load the visitor's side; opening the chat does.
                let loaded = "performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('/widget-visitor.js'))"
                #expect(try browser.executeScript("return " + loaded) == false)
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil(loaded)
                // Nobody is online: the widget says so with the away message and asks for an email.
                try browser.waitUntil("isShown('#wc-email')")
                #expect(try browser.executeScript("return $$w('.notice > p').map((p) => p.textContent)")
                    == ["We're away right now", .string(Self.awayMessage)])
                let field = try browser.executeScript("return $w('#wc-email')")
                #expect(try browser.accessibleName(of: field) == "Your email")
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])

                // A bad address is refused by the server and the refusal is shown beside the field.
                try browser.type("ada@" + Browser.enterKey, into: field)
                try browser.waitUntil("isShown('#wc-email-error')")
                #expect(try browser.executeScript("""
                    return [$w('#wc-email-error').textContent, $w('#wc-email').getAttribute('aria-invalid'),
                            widget().activeElement === $w('#wc-email')];
                    """) == ["Enter an email address such as ada@example.com.", "true", true])
                let screenshot = try screenshotPath("widget-away.png")
                try browser.screenshot(to: screenshot)
                #expect(try readFile(screenshot).prefix(4) == [0x89, 0x50, 0x4E, 0x47])

                _ = try browser.executeScript("$w('#wc-email').value = ''")
                try browser.type("ada@example.com" + Browser.enterKey, into: field)
                try browser.waitUntil("$w('.notice [role=status]')?.textContent === \"Thanks! We'll reply to ada@example.com.\"")
                #expect(try browser.executeScript("return isShown('#wc-email')") == false)
                #expect(try browser.executeScript("return widget().activeElement === $w('textarea')") == true)

                // The visitor's chats carry the email from now on.
                try browser.type("Is the celadon cup back in stock?" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().length === 1")
                try eventually("the chat reaches the agent") {
                    try agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.count == 1
                }
                let chat = try agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.first
                #expect(chat?["visitor"]?["email"]?.stringValue == "ada@example.com")

                // The next page knows the email: it asks no more, and still says it is away.
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("bubbles().length === 1 && isShown('.notice')")
                #expect(try browser.executeScript("return [isShown('#wc-email'), $$w('.notice > p').length]") == [false, 2])

                // With ask_email "never", a new visitor is told that nobody is there, and asked nothing.
                _ = try app.caller(site, role: "admin", sub: "owner").expect(200, "PATCH", "/api/v1/website", json: #"{"widget":{"ask_email":"never"}}"#)
                _ = try browser.executeScript("localStorage.clear()")
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("isShown('.notice') && isShown('.status[data-mode=websocket]')")
                #expect(try browser.executeScript("return [isShown('#wc-email'), $$w('.notice > p').map((p) => p.textContent)]")
                    == [false, ["We're away right now", .string(Self.awayMessage)]])
            }
        }
    }

    @Test func theVisitorEndsTheChatAndRatesItAndAnAgentsResolutionAsksAgain() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            let agentCaller = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada")
            // An agent online: the website is available, so no away notice.
            let online = try app.realtime(agentCaller.token)
            try eventually("the agent is available") {
                try app.request("GET", "/api/v1/widget/settings?website_id=\(site.id)").json()["available"]?.boolValue == true
            }
            let url = try app.hostPage("rating", website: site.id)
            try withBrowser(windowWidth: 1100, windowHeight: 800) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("widget().activeElement === $w('textarea')")
                try browser.type("My mug arrived chipped" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().length === 1 && isShown('.tools .end')")
                #expect(try browser.executeScript("return isShown('.notice')") == false, "available: no away notice")
                let chatID = try #require(agentCaller.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.first?["id"]?.stringValue)
                _ = try agentCaller.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"Sorry! A new one is on its way."}"#)
                try browser.waitUntil("bubbles().length === 2")

                // "End chat" asks first; keeping the chat changes nothing.
                let end = try browser.executeScript("return $w('.tools .end')")
                #expect(try browser.accessibleName(of: end) == "End chat")
                try browser.click(end)
                try browser.waitUntil("isShown('.confirm') && !isShown('.composer')")
                #expect(try browser.executeScript("return [$w('#wc-end-question').textContent, widget().activeElement.textContent]")
                    == ["End this conversation?", "End chat"])
                try browser.click(browser.executeScript("return $w('.confirm .secondary')"))
                try browser.waitUntil("!isShown('.confirm') && isShown('.composer') && widget().activeElement === $w('textarea')")
                #expect(try agentCaller.expect(200, "GET", "/api/v1/chats/\(chatID)")["status"] == "open")

                try browser.click(end)
                try browser.waitUntil("isShown('.confirm')")
                try browser.press(Browser.enterKey) // the focused "End chat"
                try browser.waitUntil("isShown('.ended form.rating') && $w('.messages .msg.system:last-child .bubble')?.textContent === 'You ended the conversation.'")
                #expect(try agentCaller.expect(200, "GET", "/api/v1/chats/\(chatID)")["status"] == "resolved")
                let afterEnd = try browser.executeScript("""
                    return [isShown('.composer'), isShown('.confirm'), isShown('.tools .end'), $w('.ended .title').textContent,
                            widget().activeElement === $w('#wc-star-1')];
                    """)
                #expect(afterEnd == [false, false, false, "This conversation has ended.", true], "\(afterEnd)")
                let group = try browser.executeScript("return $w('.stars')")
                #expect(try browser.accessibleRole(of: group) == "group")
                #expect(try browser.accessibleName(of: group) == "How was this conversation?")
                let stars = try browser.executeScript("return $$w('.stars input')").arrayValue ?? []
                #expect(try stars.map { try browser.accessibleName(of: $0) } == ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"])
                #expect(try stars.map { try browser.accessibleRole(of: $0) } == Array(repeating: "radio", count: 5))

                // Sending without stars says what is missing; then four stars from the keyboard (Space
                // takes the first, arrows move along) and a comment.
                try browser.click(browser.executeScript("return $w('.rating .primary')"))
                try browser.waitUntil("isShown('#wc-rating-error')")
                #expect(try browser.executeScript("return $w('#wc-rating-error').textContent") == "Choose from 1 to 5 stars.")
                _ = try browser.executeScript("$w('#wc-star-1').focus()")
                try browser.press(" " + Self.arrowRight + Self.arrowRight + Self.arrowRight)
                try browser.waitUntil("$$w('.stars label.on').length === 4 && !isShown('#wc-rating-error')")
                #expect(try browser.executeScript("return [widget().activeElement.id, widget().activeElement.checked]") == ["wc-star-4", true])
                try browser.type("Quick <b>and</b> kind", into: browser.executeScript("return $w('#wc-comment')"))
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])
                let screenshot = try screenshotPath("widget-rating.png")
                try browser.screenshot(to: screenshot)
                #expect(try readFile(screenshot).prefix(4) == [0x89, 0x50, 0x4E, 0x47])
                try browser.click(browser.executeScript("return $w('.rating .primary')"))
                try browser.waitUntil("$w('.ended [role=status]')?.textContent.includes('You rated this conversation 4 out of 5.')")
                #expect(try browser.executeScript("return [isShown('.rating'), $w('.ended [role=status] p').textContent]")
                    == [false, "Thanks for your feedback!"])
                let rating = try agentCaller.expect(200, "GET", "/api/v1/chats/\(chatID)")["rating"]
                #expect(rating?["score"]?.intValue == 4)
                #expect(rating?["comment"]?.stringValue == "Quick <b>and</b> kind")

                // The agent reopens the chat: the visitor can write again. Resolved again, it asks again.
                _ = try agentCaller.expect(200, "PATCH", "/api/v1/chats/\(chatID)", json: #"{"status":"open"}"#)
                try browser.waitUntil("isShown('.composer') && !isShown('.ended') && isShown('.tools .end')")
                _ = try agentCaller.expect(200, "PATCH", "/api/v1/chats/\(chatID)", json: #"{"status":"resolved"}"#)
                try browser.waitUntil("isShown('.ended form.rating') && !isShown('.composer')")
                try browser.click(browser.executeScript("return $w('label[for=wc-star-5]')"))
                try browser.click(browser.executeScript("return $w('.rating .primary')"))
                try browser.waitUntil("$w('.ended [role=status]')?.textContent.includes('5 out of 5')")
                #expect(try agentCaller.expect(200, "GET", "/api/v1/chats/\(chatID)")["rating"]?["score"]?.intValue == 5)
                let severe = try browser.browserLog().filter { $0.hasPrefix("SEVERE") }
                #expect(severe.isEmpty, "\(severe)")
            }
            _ = online
        }
    }

    @Test func earlierConversationsOpenReadOnlyAndANewOneStarts() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            let token = TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v-ann", name: "Ann")
            let visitor = TestApp.Caller(app: app, token: token)
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada")
            let first = try #require(visitor.sendMessage("Where is my order?")["chat_id"]?.stringValue)
            _ = try agent.sendMessage("It ships today.", chat: first)
            _ = try agent.expect(200, "PATCH", "/api/v1/chats/\(first)", json: #"{"title":"Order 1042"}"#)
            _ = try visitor.expect(200, "POST", "/api/v1/chats/\(first)/end")
            let second = try #require(visitor.sendMessage("Can I change the colour of my mug?")["chat_id"]?.stringValue)
            let url = try app.hostPage("history", website: site.id, attributes: [("data-token", token)])
            try withBrowser(windowWidth: 1100, windowHeight: 800) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("bubbles().join('|') === 'Can I change the colour of my mug?'")

                // The list, most recently active first: the open chat, then the ended one.
                let button = try browser.executeScript("return $w('.tools button')")
                #expect(try browser.accessibleName(of: button) == "Your conversations")
                try browser.click(button)
                try browser.waitUntil("$$w('.chats .item').length === 2")
                #expect(try browser.executeScript("""
                    return [!isShown('.log'), !isShown('.composer'), widget().activeElement === $w('#wc-view-title'),
                            $w('#wc-view-title').textContent, $$w('.chats .preview').map((node) => node.textContent),
                            $$w('.chats .item .hint').map((node) => node.textContent.split(' · ')[0])];
                    """) == [true, true, true, "Your conversations", ["Can I change the colour of my mug?", "Order 1042"], ["Open", "Ended"]])
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])
                let screenshot = try screenshotPath("widget-conversations.png")
                try browser.screenshot(to: screenshot)
                #expect(try readFile(screenshot).prefix(4) == [0x89, 0x50, 0x4E, 0x47])

                // The ended one opens read-only; Back returns to the list, on the same item.
                try browser.click(browser.executeScript("return $$w('.chats .item')[1]"))
                try browser.waitUntil("$$w('.transcript .bubble').length >= 2")
                #expect(try browser.executeScript("""
                    return [$$w('.transcript .msg:not(.system) .bubble').map((node) => node.textContent),
                            isShown('.composer'), $$w('.view textarea, .view input').length, $w('#wc-view-title').textContent.startsWith('Conversation of ')];
                    """) == [["Where is my order?", "It ships today."], false, 0, true])
                try browser.click(browser.executeScript("return $w('.view .back')"))
                try browser.waitUntil("$$w('.chats .item').length === 2 && widget().activeElement === $$w('.chats .item')[1]")

                // A new conversation: an empty view whose first message creates a third chat.
                try browser.click(browser.executeScript("return $w('.view .primary')"))
                try browser.waitUntil("isShown('.composer') && !isShown('.view') && bubbles().length === 0 && widget().activeElement === $w('textarea')")
                #expect(try browser.executeScript("return isShown('.tools .end')") == false, "nothing to end yet")
                try browser.type("Do you ship to Norway?" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().join('|') === 'Do you ship to Norway?' && isShown('.tools .end')")
                let chats = try visitor.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue ?? []
                #expect(chats.count == 3)
                let newest = try #require(chats.first)
                #expect(newest["id"]?.stringValue != first && newest["id"]?.stringValue != second)
                #expect(newest["last_message"]?["text"] == "Do you ship to Norway?")

                // Titles go into the list as text.
                _ = try agent.expect(200, "PATCH", "/api/v1/chats/\(first)", json: #"{"title":"Order <b>1042</b>"}"#)
                try browser.click(button)
                try browser.waitUntil("$$w('.chats .item').length === 3")
                #expect(try browser.executeScript("return [$$w('.chats b').length, $$w('.chats .preview').at(-1).textContent]")
                    == [0, "Order <b>1042</b>"])
                let severe = try browser.browserLog().filter { $0.hasPrefix("SEVERE") }
                #expect(severe.isEmpty, "\(severe)")
            }
        }
    }

    /// While the website's bot answers (contract §9), the widget offers "Talk to a person": it
    /// hands the chat off, the action goes, and the system message says so in the visitor's words.
    @Test func whileABotAnswersTheVisitorAsksForAPerson() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            _ = try app.caller(site, role: "admin", sub: "owner").expect(200, "PATCH", "/api/v1/website", json: #"{"bot":{"enabled":true,"name":"Sunny"}}"#)
            let bot = app.caller(site, role: "bot", sub: "sunny", name: "Sunny")
            let url = try app.hostPage("bot", website: site.id)
            try withBrowser(windowWidth: 1100, windowHeight: 760) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("widget().activeElement === $w('textarea')")
                #expect(try browser.executeScript("return isShown('.tools .person')") == false, "no chat yet: nothing to hand off")
                try browser.type("Where is my parcel?" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().length === 1 && isShown('.tools .person')")
                let chatID = try #require(bot.expect(200, "GET", "/api/v1/chats?handled_by=bot")["chats"]?.arrayValue?.first?["id"]?.stringValue)
                _ = try bot.expect(201, "POST", "/api/v1/chats/\(chatID)/messages", json: #"{"text":"It left our warehouse today."}"#)
                try browser.waitUntil("bubbles().length === 2")

                let person = try browser.executeScript("return $w('.tools .person')")
                #expect(try browser.accessibleName(of: person) == "Talk to a person")
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])
                try browser.click(person)
                try browser.waitUntil("""
                    !isShown('.tools .person') && $w('.messages .msg.system:last-child .bubble')?.textContent
                        === 'You asked to talk to a person. Someone from our team will reply here.'
                    """)
                let chat = try bot.expect(200, "GET", "/api/v1/chats/\(chatID)")
                #expect(chat["handled_by"]?.stringValue == "agent")
                #expect(chat["status"]?.stringValue == "open")
                #expect(try browser.executeScript("return widget().activeElement === $w('textarea')") == true)
            }
        }
    }
}
