import Glibc
import JSON

extension Browser {
    /// WebDriver's code for the Enter key, to end text given to `type(_:into:)`.
    public static let enterKey = "\u{E007}"

    /// Clicks `element` (a reference returned by `executeScript`) as a user would: scrolled into
    /// view and hit at its centre with trusted mouse events, which a scripted `el.click()` is not.
    /// Fails with "element not interactable" or "element click intercepted" when a user could not
    /// click it either.
    ///
    /// An element that is not interactable yet (it is still sliding or fading in, or its panel is
    /// being laid out) is tried again for up to five seconds, as a user's click lands once the
    /// thing is there; a loaded machine stretches those moments.
    public func click(_ element: JSONValue) throws(BrowserError) {
        let path = try elementPath(element) + "/click"
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            do {
                _ = try command("POST", path, [:])
                return
            } catch where error.code == "element not interactable" && ContinuousClock.now < deadline {
                usleep(50_000)
            }
        }
    }

    /// Types `text` into `element` with trusted key events, after focusing it; `Browser.enterKey`
    /// submits a form the way a user's Enter does.
    public func type(_ text: String, into element: JSONValue) throws(BrowserError) {
        _ = try command("POST", try elementPath(element) + "/value", ["text": .string(text)])
    }

    /// Presses `keys` (characters or WebDriver key codes such as `Browser.enterKey`) one after the
    /// other on whatever has the focus, as a user's keyboard does. `type(_:into:)` focuses its
    /// element first, which for an element inside a shadow root means blurring the root's host
    /// (the document's active element) and focusing again: a test of what happens between the
    /// keys of a focused element, such as a popup that closes on blur, presses them here.
    public func press(_ keys: String) throws(BrowserError) {
        let strokes = keys.unicodeScalars.flatMap { scalar -> [JSONValue] in
            let key = JSONValue.string(String(scalar))
            return [["type": "keyDown", "value": key], ["type": "keyUp", "value": key]]
        }
        _ = try command("POST", "/actions", ["actions": [["type": "key", "id": "keyboard", "actions": .array(strokes)]]])
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
