/// The pages the browser tests load, by path.
enum TestPages {
    static let all: [String: String] = [
        "index.html": index,
        "later.html": later,
        "shadow.html": shadow,
        "allowed.txt": "allowed",
        "blocked.txt": "blocked",
    ]

    static let index = """
        <!doctype html>
        <title>Harness</title>
        <p id="greeting">Hello from the page</p>
        <script>console.error("the page reports a problem")</script>
        """

    /// Content that appears only some time after the page has loaded, like a pushed message.
    static let later = """
        <!doctype html>
        <title>Later</title>
        <script>
        setTimeout(() => {
            const paragraph = document.createElement("p");
            paragraph.id = "late";
            paragraph.textContent = "arrived";
            document.body.append(paragraph);
        }, 300);
        </script>
        """

    /// A custom element whose content lives in an open shadow root, like the chat widget.
    static let shadow = """
        <!doctype html>
        <title>Shadow</title>
        <chat-box></chat-box>
        <script>
        customElements.define("chat-box", class extends HTMLElement {
            constructor() {
                super();
                const root = this.attachShadow({ mode: "open" });
                root.innerHTML = `
                    <p class="label">Inside the shadow</p>
                    <button id="ping">Ping</button>
                    <form><input name="text"><button type="submit">Send</button></form>
                    <ul id="sent"></ul>`;
                this.trustedClicks = 0;
                root.querySelector("#ping").addEventListener("click", event => {
                    if (event.isTrusted) this.trustedClicks += 1;
                });
                root.querySelector("form").addEventListener("submit", event => {
                    event.preventDefault();
                    const item = document.createElement("li");
                    item.textContent = root.querySelector("input").value;
                    root.querySelector("#sent").append(item);
                });
            }
        });
        </script>
        """
}
