import JSON

extension Browser {
    /// Sends one Chrome DevTools Protocol command to the current page and returns its result.
    ///
    /// For what WebDriver cannot do: cutting the network (`Network.emulateNetworkConditions` with
    /// `offline: true`) or blocking URLs such as the WebSocket endpoint (`Network.setBlockedURLs`
    /// after `Network.enable`) to test how the page copes.
    @discardableResult
    public func devTools(_ method: String, _ params: JSONValue = [:]) throws(BrowserError) -> JSONValue {
        try command("POST", "/goog/cdp/execute", ["cmd": .string(method), "params": params])
    }
}
