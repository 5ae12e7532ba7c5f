/// A customer's site that embeds the widget, as contract §7 describes it: a page with the
/// `<script src=… data-website=… async>` tag, served from ANOTHER origin than the server.
///
/// Pages are opened at `http://localhost:PORT` while widget.js, the API and the WebSocket are at
/// `http://127.0.0.1:PORT`: one server, but two origins for the browser, so everything the
/// widget does crosses origins as it does on a real site.
extension TestApp {
    var widgetServer: String { "http://127.0.0.1:\(port)" }
    var siteOrigin: String { "http://localhost:\(port)" }

    /// A website that allows the site's origin, with the given `widget` settings (JSON object).
    func createWidgetWebsite(widget: String) throws -> (id: String, secret: String) {
        let site = try createWebsite("Shop", origins: [siteOrigin])
        let admin = caller(site, role: "admin", sub: "owner")
        _ = try admin.expect(200, "PATCH", "/api/v1/website", json: #"{"widget":\#(widget)}"#)
        return site
    }

    /// Writes a page of the site that embeds the widget and returns its address.
    ///
    /// `head` comes before the page's own helpers and `beforeWidget` right before the script
    /// tag, so a test can prepare what the widget finds when it starts (styles, storage, a queue).
    func hostPage(_ name: String, website: String, attributes: [(String, String)] = [], head: String = "",
                  body: String = WidgetHostPage.shopContent, beforeWidget: String = "") throws -> String {
        let tagAttributes = ([("src", widgetServer + "/widget.js"), ("data-website", website)] + attributes)
            .map { " \($0.0)=\"\(WidgetHostPage.escaped($0.1))\"" }.joined()
        let html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Corner Shop</title><link rel="icon" href="data:,">
            \(head)
            <script>\(WidgetHostPage.helpers)</script>
            </head><body>
            \(body)
            \(beforeWidget)
            <script\(tagAttributes) async></script>
            </body></html>
            """
        try publicDirectory.write("site/\(name).html", html)
        return "\(siteOrigin)/site/\(name).html"
    }
}

enum WidgetHostPage {
    /// Test helpers in the host page: the widget's shadow root and what it shows.
    static let helpers = """
        window.widget = () => document.querySelector("webchat-widget").shadowRoot;
        window.$w = (selector) => widget().querySelector(selector);
        window.$$w = (selector) => [...widget().querySelectorAll(selector)];
        window.bubbles = () => $$w(".messages .msg[data-id] .bubble").map((bubble) => bubble.textContent);
        window.isShown = (selector) => { const node = $w(selector); return Boolean(node && node.checkVisibility()); };
        """

    /// Something that looks like a shop, for the screenshot in the README.
    static let shopContent = """
        <style>
          body { margin: 0; font: 16px/1.5 Georgia, serif; color: #1f2937; background: #fdfcf9; }
          .bar { background: #1f2937; color: #fff; padding: 18px 48px; font: 600 20px system-ui, sans-serif; }
          main { max-width: 720px; margin: 48px; }
          .card { border: 1px solid #e5e7eb; border-radius: 12px; padding: 20px 24px; background: #fff; margin-bottom: 16px; }
        </style>
        <div class="bar">Corner Shop</div>
        <main>
          <h1>Handmade ceramic mugs</h1>
          <p>Each mug is thrown by hand in our studio and glazed in small batches.</p>
          <div class="card"><strong>Speckled stoneware mug</strong><br>350 ml · dishwasher safe · €28</div>
          <div class="card"><strong>Celadon espresso cup</strong><br>90 ml · set of two · €34</div>
          <p><a href="#shipping">Shipping and returns</a></p>
        </main>
        """

    /// `text` as the value of a double-quoted HTML attribute.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "<": result += "&lt;"
            default: result.append(character)
            }
        }
        return result
    }
}
