import BrowserSupport
import Glibc
import Testing
import TestSupport

extension BrowserTests {
    @Suite struct Screenshots {
        @Test func aScreenshotIsAPNGOfTheWindowWidth() async throws {
            let bytes = try await withServedPages { browser, server in
                let directory = try TemporaryDirectory("webchat-screenshot")
                defer { directory.remove() }
                try browser.navigate(to: server.url("/index.html"))
                try browser.screenshot(to: directory.path + "/page.png")
                return try readFile(directory.path + "/page.png")
            }
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            // The IHDR chunk follows the signature: length, "IHDR", then the width big-endian.
            try #require(bytes.count > 24)
            #expect(bytes[12..<16].elementsEqual("IHDR".utf8))
            #expect(bytes[16..<20].reduce(0) { $0 << 8 | Int($1) } == 1280)
        }

        @Test func anUnwritablePathIsAnIOError() async throws {
            try await withServedPages { browser, server in
                try browser.navigate(to: server.url("/index.html"))
                let error = #expect(throws: BrowserError.self) {
                    try browser.screenshot(to: "/nonexistent-directory/page.png")
                }
                guard case .io(let reason)? = error else {
                    Issue.record("expected an I/O error, got \(String(describing: error))")
                    return
                }
                #expect(reason.contains("/nonexistent-directory/page.png"))
            }
        }
    }
}
