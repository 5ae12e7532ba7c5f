import BrowserSupport
import JSON
import Testing

extension BrowserTests {
    @Suite struct ShadowDOM {
        @Test func shadowContentIsReachableFromScripts() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/shadow.html"))
                let text = try browser.executeScript(
                    "return document.querySelector('chat-box').shadowRoot.querySelector('.label').textContent")
                #expect(text == "Inside the shadow")
            }
        }

        @Test func anElementReferenceGoesBackIntoScripts() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/shadow.html"))
                let label = try browser.executeScript("return document.querySelector('chat-box').shadowRoot.querySelector('.label')")
                #expect(label.objectValue != nil)
                #expect(try browser.executeScript("return arguments[0].textContent", arguments: [label]) == "Inside the shadow")
            }
        }

        @Test func clicksAreTrustedUserEvents() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/shadow.html"))
                let button = try browser.executeScript("return document.querySelector('chat-box').shadowRoot.querySelector('#ping')")
                _ = try browser.executeScript("arguments[0].click()", arguments: [button])
                #expect(try browser.executeScript("return document.querySelector('chat-box').trustedClicks") == 0)
                try browser.click(button)
                #expect(try browser.executeScript("return document.querySelector('chat-box').trustedClicks") == 1)
            }
        }

        @Test func typingWithEnterSubmitsTheForm() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/shadow.html"))
                let input = try browser.executeScript("return document.querySelector('chat-box').shadowRoot.querySelector('input')")
                try browser.type("hello there" + Browser.enterKey, into: input)
                let sent = try browser.waitUntil("document.querySelector('chat-box').shadowRoot.querySelector('#sent li')?.textContent")
                #expect(sent == "hello there")
            }
        }

        @Test func somethingElseIsNotAnElement() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/shadow.html"))
                let error = #expect(throws: BrowserError.self) { try browser.click(["id": "made up"]) }
                #expect(error?.code == "invalid argument")
            }
        }
    }
}
