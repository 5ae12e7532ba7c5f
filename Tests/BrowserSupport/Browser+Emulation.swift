import JSON

extension Browser {
    /// Makes the page's viewport exactly `width` × `height` CSS pixels, as a phone's when `mobile`
    /// (the viewport meta tag applies, scrollbars overlay the page).
    ///
    /// A window size alone cannot do it: Chromium keeps desktop windows at least 500 px wide and
    /// takes room for its own (headless) window frame from the height.
    public func emulateViewport(width: Int, height: Int, mobile: Bool) throws(BrowserError) {
        try devTools("Emulation.setDeviceMetricsOverride", [
            "width": .int(width), "height": .int(height), "deviceScaleFactor": 1, "mobile": .bool(mobile),
        ])
    }
}
