import BrowserSupport
import JSON
import Testing

extension BrowserTests {
    @Suite struct Windows {
        @Test func tabsOfOneBrowserShareStorageAndKeepTheirOwnPages() async throws {
            try await withServedPages { browser, server in
                let first = try browser.currentWindow()
                try browser.navigate(to: server.url("/index.html"))
                _ = try browser.executeScript("localStorage.setItem('who', 'first tab')")

                let second = try browser.openWindow()
                #expect(second != first)
                #expect(try browser.currentWindow() == second)
                try browser.navigate(to: server.url("/shadow.html"))
                #expect(try browser.executeScript("return localStorage.getItem('who')") == "first tab")

                try browser.switchToWindow(first)
                #expect(try browser.executeScript("return location.pathname") == "/index.html")
            }
        }

        @Test func twoBrowsersShareNothing() async throws {
            try await withServedPages { visitor, server in
                try withBrowser { agent in
                    #expect(visitor.profileDirectory != agent.profileDirectory)
                    try visitor.navigate(to: server.url("/index.html"))
                    try agent.navigate(to: server.url("/index.html"))
                    _ = try visitor.executeScript("localStorage.setItem('who', 'visitor')")
                    #expect(try agent.executeScript("return localStorage.getItem('who')") == .null)
                    _ = try agent.executeScript("localStorage.setItem('who', 'agent')")
                    #expect(try visitor.executeScript("return localStorage.getItem('who')") == "visitor")
                }
            }
        }

        @Test func theWindowHasTheRequestedWidth() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/index.html"))
                #expect(try browser.executeScript("return window.innerWidth") == 1280)
            }
        }
    }
}
