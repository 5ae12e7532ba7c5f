import BrowserSupport
import Glibc
import Testing
import TestSupport

extension BrowserTests {
    @Suite struct Lifecycle {
        private struct DeliberateFailure: Error {}

        @Test func aFailingTestStillEndsBrowserDriverAndProfile() async throws {
            let leftovers = try await onThread { () -> (driver: pid_t, browser: pid_t?, profile: String) in
                var seen: (driver: pid_t, browser: pid_t?, profile: String)?
                do {
                    try withBrowser { browser in
                        seen = (browser.driverProcessID, browser.browserProcessID, browser.profileDirectory)
                        #expect(access(browser.profileDirectory, F_OK) == 0)
                        throw DeliberateFailure()
                    }
                    Issue.record("withBrowser swallowed the error")
                } catch is DeliberateFailure {}
                return try #require(seen)
            }
            #expect(!isRunning(leftovers.driver))
            let browser = try #require(leftovers.browser)
            #expect(!isRunning(browser))
            #expect(access(leftovers.profile, F_OK) != 0)
        }

        @Test func closingTwiceIsHarmlessAndCommandsAfterwardsFail() async throws {
            try await onThread {
                let browser = try Browser()
                browser.close()
                browser.close()
                #expect(throws: BrowserError.self) { try browser.executeScript("return 1") }
            }
        }
    }
}

/// Whether `pid` is a live process (a zombie has ended and only waits to be collected).
private func isRunning(_ pid: pid_t) -> Bool {
    let fd = open("/proc/\(pid)/stat", O_RDONLY)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 512)
    let count = read(fd, &buffer, buffer.count)
    // "pid (name) S ...": the state follows the last ')'.
    guard count > 0, let paren = buffer[..<count].lastIndex(of: UInt8(ascii: ")")), paren + 2 < count else { return false }
    let state = buffer[paren + 2]
    return state != UInt8(ascii: "Z") && state != UInt8(ascii: "X")
}
