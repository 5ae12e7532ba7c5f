import BrowserSupport
import Glibc
import JSON
import Testing
import TestSupport

/// docs/GETTING-STARTED.md, run as written: its `sh` blocks in order in one bash session (so the
/// variables of one step reach the next), its `sh background` blocks left running like a second
/// terminal, and then a browser does what the guide tells the reader to do in theirs.
///
/// Three things differ from a reader's machine, and only these: the ports 8080, 8000 and 8090
/// become free ones (tests run side by side; `webchat serve` gets its port from WEBCHAT_PORT); it
/// runs in a temporary directory, where `Public` links to the clone's; and the `sh setup` block (install and `swift build -c release`)
/// is not run again: the test runs on the build it is part of, whose products go first on PATH.
@Suite(.serialized) struct GettingStartedGuideTests {
    static let guidePath = String(repositoryPublicDirectory.dropLast("Public".count)) + "docs/GETTING-STARTED.md"

    /// A fenced block of the guide: its info string ("sh", "sh background", …) and its text.
    struct Block {
        var info: String
        var text: String
    }

    static func blocks(_ markdown: String) -> [Block] {
        var blocks: [Block] = []
        var current: Block?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let block = current {
                    blocks.append(block)
                    current = nil
                } else {
                    current = Block(info: String(line.dropFirst(3)), text: "")
                }
            } else if current != nil {
                current!.text += line + "\n"
            }
        }
        return blocks
    }

    @Test func everyCommandOfTheGuideWorksAsWritten() async throws {
        let guide = String(decoding: try readFile(Self.guidePath), as: UTF8.self)
        let blocks = Self.blocks(guide)
        let setup = try #require(blocks.first { $0.info == "sh setup" })
        #expect(setup.text.contains("swift build -c release") && setup.text.contains(".build/release"))
        let runnable = blocks.filter { $0.info == "sh" || $0.info == "sh background" }
        #expect(runnable.count >= 8, "the guide's steps")

        let ports = (server: try freePort(), site: try freePort(), app: try freePort())
        func localized(_ text: String) -> String {
            text.replacingOccurrences(of: "8080", with: "\(ports.server)").replacingOccurrences(of: "8000", with: "\(ports.site)")
                .replacingOccurrences(of: "8090", with: "\(ports.app)")
        }
        let products = String(builtProduct("webchat").dropLast("/webchat".count))
        var script = """
            set -euo pipefail
            trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
            export PATH="\(products):$PATH" WEBCHAT_PORT=\(ports.server)
            listening() { until (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; do sleep 0.1; done; }
            ln -s '\(repositoryPublicDirectory)' Public

            """
        for (index, block) in runnable.enumerated() {
            let text = localized(block.text)
            if block.info == "sh background" {
                let port = text.contains("webchat serve") ? ports.server : text.contains("\(ports.site)") ? ports.site : ports.app
                script += "(\n\(text)) > background-\(index).log 2>&1 &\nlistening \(port)\n"
            } else {
                script += text
            }
        }
        script += "echo GUIDE READY\nwhile [ ! -e guide-done ]; do sleep 0.2; done\n"

        let commands = script
        try await onThread {
            let directory = try TemporaryDirectory("webchat-guide")
            defer { directory.remove() }
            try directory.write("guide.sh", commands)
            let shell = try ChildProcess("/bin/bash", ["-c", "cd '\(directory.path)' && exec bash guide.sh"])
            defer {
                // The script ends its background servers on the way out (its EXIT trap).
                do {
                    try directory.write("guide-done", "")
                } catch {
                    Issue.record("cannot tell the guide's script to stop (\(error)); terminating it")
                    shell.signal(SIGTERM)
                }
                _ = shell.wait()
            }
            let ready = shell.waitForLine(containing: "GUIDE READY", timeoutSeconds: 120)
            try #require(ready != nil, "the guide's commands failed: \(shell.standardOutput)\n\(shell.standardError)")
            #expect(shell.standardOutput.contains("\"secret\""), "step 2 printed the website")

            try withBrowser(on: .desktop) { browser in
                // Steps 4 to 6: the page, opened both ways, has the restyled widget on the left.
                for address in ["localhost", "127.0.0.1"] {
                    try browser.navigate(to: "http://\(address):\(ports.site)/")
                    _ = try browser.executeScript(WidgetHostPage.helpers)
                    try browser.waitUntil("document.querySelector('webchat-widget')?.hasAttribute('data-ready') && isShown('.launcher')")
                    let look = try browser.executeScript("""
                        return [$w('h2').textContent, getComputedStyle($w('.launcher')).backgroundColor, $w('.launcher').getBoundingClientRect().left < 100];
                        """)
                    #expect(look == ["Questions? Ask us", "rgb(15, 118, 110)", true], "\(address)")
                }
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.type("Hello from my own page" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().length === 1")
                #expect(try browser.executeScript("return $w('.greeting').textContent") == "Hi! How can we help?")

                // Step 7: the app of project 7 shows the chat; its answer reaches the page.
                let page = try browser.currentWindow()
                try browser.openWindow()
                try browser.navigate(to: "http://localhost:\(ports.app)/")
                let sidebar = "document.querySelector('webchat-sidebar').shadowRoot"
                try browser.waitUntil("\(sidebar).querySelectorAll('[role=option]').length === 1")
                try browser.click(browser.executeScript("return \(sidebar).querySelector('[role=option]')"))
                try browser.waitUntil("\(sidebar).querySelectorAll('.log .bubble').length === 1")
                try browser.type("Hello! Alice here." + Browser.enterKey, into: browser.executeScript("return \(sidebar).querySelector('#composer-input')"))
                try browser.switchToWindow(page)
                try browser.waitUntil("bubbles().join('|') === 'Hello from my own page|Hello! Alice here.'")
            }
        }
    }
}

/// A TCP port nobody listens on right now, for a server the test starts by port number.
private func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw RawClient.Failure(description: "socket failed: errno \(errno)") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw RawClient.Failure(description: "bind failed: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}
