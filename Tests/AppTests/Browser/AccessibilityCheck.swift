import BrowserSupport
import JSON
import TestSupport

/// axe-core, the accessibility engine, run on the page the browser shows. It is third-party
/// JavaScript, so it lives outside the repository: `Tests/install-dependencies.sh` installs the
/// copy a PyPI package ships, and only tests ever load it (injected into the test's page, never
/// served by WebChatKit).
enum AccessibilityCheck {
    static let scriptPath = "/usr/local/share/webchat-test-tools/axe/axe.min.js"

    /// The rules of WCAG 2.1 A and AA; what matters here: contrast, names and labels, roles, ARIA.
    static let options = #"{"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}"#

    /// The serious and critical violations axe finds on the whole page (open shadow roots
    /// included), one line each: rule, impact, and the elements it names.
    static func seriousViolations(in browser: Browser) throws -> [String] {
        let script: [UInt8]
        do {
            script = try readFile(scriptPath)
        } catch {
            throw RawClient.Failure(description: "axe-core is missing at \(scriptPath) (\(error)); run Tests/install-dependencies.sh")
        }
        _ = try browser.executeScript(String(decoding: script, as: UTF8.self) + "\n;window.axe = axe;")
        let result = try browser.executeAsyncScript("""
            const done = arguments[arguments.length - 1];
            axe.run(document, \(options)).then((results) => done(results.violations
              .filter((v) => v.impact === "serious" || v.impact === "critical")
              .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target) + " " + n.failureSummary).join(" | ")}`)),
              (error) => done(["axe failed: " + error.message]));
            """)
        return result.arrayValue?.compactMap(\.stringValue) ?? ["axe returned \(result)"]
    }
}
