import JSON

extension Browser {
    /// WebDriver's code for the Enter key, to end text given to `type(_:into:)`.
    public static let enterKey = "\u{E007}"

    /// Clicks `element` (a reference returned by `executeScript`) as a user would: scrolled into
    /// view and hit at its centre with trusted mouse events, which a scripted `el.click()` is not.
    /// Fails with "element not interactable" or "element click intercepted" when a user could not
    /// click it either.
    public func click(_ element: JSONValue) throws(BrowserError) {
        _ = try command("POST", try elementPath(element) + "/click", [:])
    }

    /// Types `text` into `element` with trusted key events, after focusing it; `Browser.enterKey`
    /// submits a form the way a user's Enter does.
    public func type(_ text: String, into element: JSONValue) throws(BrowserError) {
        _ = try command("POST", try elementPath(element) + "/value", ["text": .string(text)])
    }

    func elementPath(_ element: JSONValue) throws(BrowserError) -> String {
        // The member name W3C WebDriver uses for element references.
        guard let id = element["element-6066-11e4-a52e-4f735466cecf"]?.stringValue else {
            throw .webDriver(command: "element reference", code: "invalid argument",
                             message: "not an element reference: \(element)")
        }
        return "/element/" + id
    }
}
