import BrowserSupport

/// The two screens every point of the first-hour UI is tested on (issue 14): a desktop window
/// and a phone (the viewport of an iPhone 12 to 15).
enum Screen: String, CaseIterable, Sendable, CustomStringConvertible {
    case desktop, phone

    var width: Int { self == .desktop ? 1400 : 390 }
    var height: Int { self == .desktop ? 1000 : 844 }
    var description: String { "\(rawValue) \(width)×\(height)" }
}

/// Runs `body` with a fresh browser whose viewport is exactly the screen's.
func withBrowser<Result>(on screen: Screen, _ body: (Browser) throws -> Result) throws -> Result {
    try withBrowser(windowWidth: max(screen.width, 500), windowHeight: screen.height + 200) { browser in
        try browser.emulateViewport(width: screen.width, height: screen.height, mobile: screen == .phone)
        return try body(browser)
    }
}

/// Page helpers for geometry: whether an element is inside the viewport, and whether two overlap.
enum Geometry {
    static let helpers = """
        window.box = (node) => { const r = node.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height }; };
        window.inViewport = (node) => { const r = box(node); return r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight; };
        window.overlap = (a, b) => { const p = box(a), q = box(b); return p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom; };
        """
}
