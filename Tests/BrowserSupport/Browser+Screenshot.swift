extension Browser {
    /// Writes a PNG of the current window's viewport to `path`, to see what a failing test saw.
    public func screenshot(to path: String) throws(BrowserError) {
        let reply = try command("GET", "/screenshot")
        guard let encoded = reply.stringValue, let png = Base64.decode(encoded) else {
            throw .io("screenshot reply is not base64 text")
        }
        try writeFile(png, to: path)
    }
}
