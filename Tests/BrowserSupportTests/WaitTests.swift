import BrowserSupport
import JSON
import Testing

extension BrowserTests {
    @Suite struct Waiting {
        @Test func waitingReturnsTheFirstTruthyValue() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/later.html"))
                // Throws until the element exists, which counts as "not yet".
                let text = try browser.waitUntil("document.querySelector('#late').textContent")
                #expect(text == "arrived")
            }
        }

        @Test func waitingPassesArguments() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/index.html"))
                #expect(try browser.waitUntil("arguments[0] * 2", arguments: [21]) == 42)
            }
        }

        @Test func aConditionThatNeverHoldsTimesOutWithItsLastValueAndTheLog() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/index.html"))
                let error = #expect(throws: BrowserError.self) {
                    try browser.waitUntil("document.querySelectorAll('#greeting').length - 1", timeoutSeconds: 1)
                }
                guard case .timedOut(let expression, let seconds, let lastValue, let lastError, let log)? = error else {
                    Issue.record("expected a timeout, got \(String(describing: error))")
                    return
                }
                #expect(expression == "document.querySelectorAll('#greeting').length - 1")
                #expect(seconds == 1)
                #expect(lastValue == 0)
                #expect(lastError == nil)
                #expect(log.contains { $0.contains("the page reports a problem") })
                #expect(error?.description.contains("the page reports a problem") == true)
            }
        }

        @Test func aConditionThatKeepsThrowingReportsTheException() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/index.html"))
                let error = #expect(throws: BrowserError.self) {
                    try browser.waitUntil("document.querySelector('#missing').textContent", timeoutSeconds: 1)
                }
                guard case .timedOut(_, _, let lastValue, let lastError, _)? = error else {
                    Issue.record("expected a timeout, got \(String(describing: error))")
                    return
                }
                #expect(lastValue == nil)
                #expect(lastError?.contains("null") == true)
            }
        }
    }
}
