import JSON

extension Browser {
    /// The accessible name Chromium computes for `element` from its accessibility tree: what a
    /// screen reader announces, so a test checks labels the way assistive technology sees them
    /// rather than trusting the attributes that should produce them.
    public func accessibleName(of element: JSONValue) throws(BrowserError) -> String {
        try command("GET", try elementPath(element) + "/computedlabel").stringValue ?? ""
    }

    /// The ARIA role Chromium computes for `element` ("listbox", "option", "log", "textbox"…).
    public func accessibleRole(of element: JSONValue) throws(BrowserError) -> String {
        try command("GET", try elementPath(element) + "/computedrole").stringValue ?? ""
    }
}
