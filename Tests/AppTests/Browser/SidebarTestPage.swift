import BrowserSupport
import JSON

/// The page that hosts `<webchat-sidebar>` in the sidebar's browser tests, with small helpers
/// that read the sidebar's shadow DOM the way a user sees it.
enum SidebarTestPage {
    static let path = "test/sidebar.html"

    static let html = """
        <!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>sidebar</title>
        <style>html, body { margin: 0; height: 100%; } #frame { height: 100vh; }</style>
        <div id="frame"></div>
        <script>
        // ?websocket=refused: every WebSocket goes to a port nobody listens on, as behind a proxy
        // that refuses the upgrade (DevTools' URL blocking does not cover WebSockets).
        if (location.search.includes("websocket=refused")) {
          window.WebSocket = class extends WebSocket { constructor(url) { super(url.replace(/:\\d+\\//, ":1/")); } };
        }
        </script>
        <script type="module">
        import "/sidebar.js";
        window.mount = (token, filters) => {
          const sidebar = document.createElement("webchat-sidebar");
          sidebar.setAttribute("server", location.origin);
          sidebar.setAttribute("token", token);
          if (filters) sidebar.setAttribute("filters", filters);
          window.unauthorized = 0;
          sidebar.addEventListener("webchat-unauthorized", () => { window.unauthorized += 1; });
          document.getElementById("frame").append(sidebar);
          window.sidebar = sidebar;
        };
        window.$ = (selector) => sidebar.shadowRoot.querySelector(selector);
        window.$$ = (selector) => [...sidebar.shadowRoot.querySelectorAll(selector)];
        window.ids = () => $$('[role="option"]').map((item) => item.dataset.chatId);
        window.item = (id) => $$('[role="option"]').find((item) => item.dataset.chatId === id);
        window.part = (id, selector) => item(id).querySelector(selector).textContent;
        window.badge = (id) => { const node = item(id).querySelector(".unread-badge"); return node.hidden ? "" : node.textContent; };
        window.logTexts = () => $$(".log .message:not(.pending) .bubble").map((node) => node.textContent);
        window.serverChat = (id) => fetch(`/api/v1/chats/${id}`, { headers: { Authorization: `Bearer ${sidebar.token}` } }).then((r) => r.json());
        window.ready = true;
        </script>
        """

    static var files: [String: String] { [path: html] }
}

extension Browser {
    /// Opens the test page (with `query`, such as "?websocket=refused") and mounts a sidebar with
    /// `token` and, when given, the `filters` attribute (JSON text), then waits until its list has
    /// loaded.
    func mountSidebar(port: Int, token: String, filters: String? = nil, query: String = "") throws {
        try navigate(to: "http://127.0.0.1:\(port)/\(SidebarTestPage.path)" + query)
        try waitUntil("window.ready === true")
        _ = try executeScript("mount(arguments[0], arguments[1])", arguments: [.string(token), filters.map(JSONValue.string) ?? .null])
        try waitUntil("$('.chat-list').getAttribute('aria-busy') === null && $('.connection').dataset.mode !== 'connecting'")
    }

    /// The chat ids of the sidebar's list, in the order shown.
    func sidebarChatIDs() throws -> [String] {
        try executeScript("return ids()").arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// A string the page computes, such as `part(arguments[0], '.chat-title')`.
    func text(_ expression: String, _ arguments: JSONValue...) throws -> String? {
        try executeScript("return \(expression)", arguments: arguments).stringValue
    }

    /// Clicks the list item of a chat, as an agent opening it.
    func openSidebarChat(_ chatID: String) throws {
        try click(try executeScript("return item(arguments[0])", arguments: [.string(chatID)]))
        try waitUntil("$('.log').getAttribute('aria-busy') === null && sidebar.openChatId === arguments[0]", arguments: [.string(chatID)])
    }
}

extension TestApp.Caller {
    /// Sends a message whose text, title or metadata need JSON escaping, creating the chat when
    /// `chat` is nil; returns the chat id.
    @discardableResult
    func send(_ text: String, chat: String? = nil, title: String? = nil, metadata: JSONValue? = nil) throws -> String {
        var body: JSONObject = ["text": .string(text)]
        if let chat { body["chat_id"] = .string(chat) }
        if let title { body["title"] = .string(title) }
        if let metadata { body["metadata"] = metadata }
        let answer = try expect(201, "POST", "/api/v1/messages", json: JSONValue.object(body).jsonText)
        return answer["message"]?["chat_id"]?.stringValue ?? ""
    }
}
