import JSON

extension Browser {
    /// Runs `js` as the body of a function in the page and returns what it `return`s.
    ///
    /// `arguments` arrive as `arguments[0]`, `arguments[1]`, ...; a returned promise is awaited.
    /// DOM elements (shadow roots included) come back as WebDriver references that can be passed
    /// back in as arguments or to `click`/`type`. A thrown exception becomes `BrowserError.webDriver`
    /// with code "javascript error".
    public func executeScript(_ js: String, arguments: [JSONValue] = []) throws(BrowserError) -> JSONValue {
        try command("POST", "/execute/sync", ["script": .string(js), "args": .array(arguments)])
    }

    /// Runs `js` as the body of a function whose last argument is a callback, and returns the value
    /// passed to that callback: `arguments[arguments.length - 1](result)`. For page APIs that only
    /// offer callbacks; the session's script timeout (60 s) bounds the wait.
    public func executeAsyncScript(_ js: String, arguments: [JSONValue] = []) throws(BrowserError) -> JSONValue {
        try command("POST", "/execute/async", ["script": .string(js), "args": .array(arguments)])
    }
}
