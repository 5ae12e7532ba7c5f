extension Browser {
    /// Opens a new tab, switches to it and returns its handle.
    ///
    /// Tabs of one browser share its profile (storage, cookies, the service worker); a second,
    /// independent user needs a second `Browser`.
    @discardableResult
    public func openWindow() throws(BrowserError) -> String {
        let reply = try command("POST", "/window/new", ["type": "tab"])
        guard let handle = reply["handle"]?.stringValue else { throw .io("new window reply has no handle: \(reply)") }
        try switchToWindow(handle)
        return handle
    }

    /// Makes the window with `handle` the one later commands act on.
    public func switchToWindow(_ handle: String) throws(BrowserError) {
        _ = try command("POST", "/window", ["handle": .string(handle)])
    }

    /// The handle of the window commands currently act on.
    public func currentWindow() throws(BrowserError) -> String {
        let reply = try command("GET", "/window")
        guard let handle = reply.stringValue else { throw .io("window handle reply is not a string: \(reply)") }
        return handle
    }
}
