extension Browser {
    /// Loads `url` in the current window and returns once the page has loaded (its `load` event).
    public func navigate(to url: String) throws(BrowserError) {
        _ = try command("POST", "/url", ["url": .string(url)])
    }
}
