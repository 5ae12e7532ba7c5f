import BrowserSupport
import JSON
import Testing

extension BrowserTests {
    @Suite struct Scripts {
        @Test func aLoadedPageIsReadThroughScripts() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/index.html"))
                #expect(try browser.executeScript("return document.title") == "Harness")
                #expect(try browser.executeScript("return document.querySelector('#greeting').textContent")
                        == "Hello from the page")
                #expect(try browser.executeScript("return location.href") == .string(server.url("/index.html")))
            }
        }

        @Test func argumentsAndResultsCrossAsJSON() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/index.html"))
                let arguments: [JSONValue] = [42, 2.5, "text", nil, true, [1, 2], ["name": "value"]]
                #expect(try browser.executeScript("return Array.from(arguments)", arguments: arguments) == .array(arguments))
                #expect(try browser.executeScript("return arguments[0] + arguments[1]", arguments: [40, 2]) == 42)
                #expect(try browser.executeScript("return undefined") == .null)
                #expect(try browser.executeScript("return Promise.resolve('awaited')") == "awaited")
            }
        }

        @Test func anExceptionIsAJavaScriptError() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/index.html"))
                let error = #expect(throws: BrowserError.self) {
                    try browser.executeScript("throw new Error('deliberate failure')")
                }
                #expect(error?.code == "javascript error")
                #expect(error?.description.contains("deliberate failure") == true)
            }
        }

        @Test func anAsyncScriptAnswersThroughItsCallback() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/index.html"))
                let doubled = try browser.executeAsyncScript("""
                    const [number, done] = arguments;
                    setTimeout(() => done(number * 2), 50);
                    """, arguments: [21])
                #expect(doubled == 42)
            }
        }

        @Test func theConsoleIsReadable() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/index.html"))
                _ = try browser.executeScript("console.log('logged by a script')")
                let log = try browser.browserLog()
                #expect(log.contains { $0.hasPrefix("SEVERE") && $0.contains("the page reports a problem") })
                #expect(log.contains { $0.hasPrefix("INFO") && $0.contains("logged by a script") })
                // Entries already fetched stay in the log.
                #expect(try browser.browserLog().contains { $0.contains("the page reports a problem") })
            }
        }
    }
}
