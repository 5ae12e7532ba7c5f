/// Runs `body` with a fresh browser and closes it afterwards whether `body` returns or throws, so
/// a failing test never leaves Chromium or chromedriver running. Call it inside `onThread`.
@available(*, noasync, message: "blocks its thread: call it inside onThread")
public func withBrowser<Result>(windowWidth: Int = 1280, windowHeight: Int = 900,
                                _ body: (Browser) throws -> Result) throws -> Result {
    let browser = try Browser(windowWidth: windowWidth, windowHeight: windowHeight)
    defer { browser.close() }
    return try body(browser)
}
