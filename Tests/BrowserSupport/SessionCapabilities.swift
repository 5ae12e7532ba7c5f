import JSON

/// What the WebDriver session asks of Chromium.
enum SessionCapabilities {
    /// chromedriver's page-load and script timeouts, generous for a loaded 2-core machine and
    /// below `WebDriverClient.receiveTimeoutSeconds`, so chromedriver always answers first.
    static let pageLoadMilliseconds = 120_000
    static let scriptMilliseconds = 60_000

    static func body(chromium: String, profileDirectory: String, windowWidth: Int, windowHeight: Int) -> JSONValue {
        let arguments: [JSONValue] = [
            "--headless=new",
            // Tests run as root in containers, where Chromium's sandbox cannot start.
            "--no-sandbox",
            "--disable-gpu",
            // /dev/shm is tiny in containers; shared memory there makes renderers crash.
            "--disable-dev-shm-usage",
            // A fresh profile per browser keeps storage, cookies and cache apart between browsers.
            .string("--user-data-dir=\(profileDirectory)"),
            .string("--window-size=\(windowWidth),\(windowHeight)"),
        ]
        return [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": ["implicit": 0, "pageLoad": .int(pageLoadMilliseconds), "script": .int(scriptMilliseconds)],
                    // Keeps console output readable through `browserLog()`.
                    "goog:loggingPrefs": ["browser": "ALL"],
                    "goog:chromeOptions": ["binary": .string(chromium), "args": .array(arguments)],
                ],
            ],
        ]
    }
}
