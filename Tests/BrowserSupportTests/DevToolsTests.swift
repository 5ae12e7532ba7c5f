import BrowserSupport
import JSON
import Testing

extension BrowserTests {
    @Suite struct DevTools {
        /// Resolves to "ok <body>" or "failed", whichever the fetch of `arguments[0]` comes to.
        static let fetchOutcome = "return fetch(arguments[0]).then(r => r.text()).then(t => 'ok ' + t, () => 'failed')"

        @Test func blockedURLsFailToLoad() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/index.html"))
                try browser.devTools("Network.enable")
                try browser.devTools("Network.setBlockedURLs", ["urls": ["*/blocked.txt"]])
                #expect(try browser.executeScript(Self.fetchOutcome, arguments: ["/blocked.txt"]) == "failed")
                #expect(try browser.executeScript(Self.fetchOutcome, arguments: ["/allowed.txt"]) == "ok allowed")
            }
        }

        @Test func emulatedOfflineCutsTheNetworkUntilBackOnline() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/index.html"))
                let offline: JSONValue = ["offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1]
                try browser.devTools("Network.enable")
                try browser.devTools("Network.emulateNetworkConditions", offline)
                #expect(try browser.executeScript(Self.fetchOutcome, arguments: ["/allowed.txt"]) == "failed")
                #expect(try browser.waitUntil("!navigator.onLine") == true)

                let online: JSONValue = ["offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1]
                try browser.devTools("Network.emulateNetworkConditions", online)
                #expect(try browser.executeScript(Self.fetchOutcome, arguments: ["/allowed.txt"]) == "ok allowed")
            }
        }

        @Test func aDevToolsCommandReturnsItsResult() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/index.html"))
                let evaluated = try browser.devTools("Runtime.evaluate", ["expression": "6 * 7", "returnByValue": true])
                #expect(evaluated["result"]?["value"] == 42)
                let error = #expect(throws: BrowserError.self) { try browser.devTools("No.suchMethod") }
                #expect(error?.code != nil)
            }
        }
    }
}
