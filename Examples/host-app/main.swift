// webchat-host-app: a host application's backend in miniature. Its own user is logged in (here
// simply named on the command line); for that user it signs a short-lived `agent` token with a
// `scope` of one project, with the website secret that only the backend knows, and renders a
// page with the <webchat-sidebar> for that project. The page asks `POST /token` for a new token
// before the old one expires (and when the sidebar reports it refused), so an agent can keep the
// page open all day. The browser never sees the secret. How to run it: README.md beside this file.
import Auth
import CPlatform
import EventLoop
import ExampleSupport
import Glibc
import HTTP
import JSON

let usage = """
    Usage: webchat-host-app --server URL (--website ID | --website-file FILE) --project N
                            [--user NAME] [--port 8090] [--token-ttl 3600]

    Serves a page with the WebChatKit agent sidebar for one project, as a host app would.
      --server URL          the WebChatKit server, e.g. http://127.0.0.1:8080
      --website ID          the website (tenant) id, ws_...; its secret comes from the environment,
                            WEBCHAT_WEBSITE_SECRET, never from a flag
      --website-file FILE   a JSON file with "website_id" and "secret", such as the one demo mode
                            writes: webchat-data/demo-website.json
      --project N           the project whose chats the sidebar shows (metadata.project_id)
      --user NAME           the host app's logged-in user (default alice)
      --port PORT           where this app listens (default 8090; 0 picks a free one)
      --token-ttl SECONDS   the lifetime of the tokens it signs (default 3600, at least 10); the
                            page gets a new one when 80 % of it has passed
    """

struct Settings {
    var server = ""
    var websiteID = ""
    var project = 0
    var user = "alice"
    var port = 8090
    var secret = ""
    var tokenLifetime = 3600
}

func readSettings() -> Settings {
    var settings = Settings()
    var arguments = CommandLine.arguments.dropFirst()
    func value(_ name: String) -> String {
        guard let value = arguments.popFirst() else { fail("\(name) needs a value") }
        return value
    }
    while let argument = arguments.popFirst() {
        switch argument {
        case "--help", "-h":
            writeLine(usage, to: 1)
            exit(0)
        case "--server": settings.server = value(argument)
        case "--website": settings.websiteID = value(argument)
        case "--website-file":
            (settings.websiteID, settings.secret) = readCredentials(value(argument))
        case "--project":
            guard let project = Int(value(argument)) else { fail("--project must be a number") }
            settings.project = project
        case "--user": settings.user = value(argument)
        case "--port":
            guard let port = Int(value(argument)), (0...65535).contains(port) else { fail("--port must be 0-65535") }
            settings.port = port
        case "--token-ttl":
            guard let seconds = Int(value(argument)), seconds >= 10 else { fail("--token-ttl must be at least 10 seconds") }
            settings.tokenLifetime = seconds
        default: fail("unknown argument \(argument)\n\(usage)")
        }
    }
    guard !settings.server.isEmpty, !settings.websiteID.isEmpty, settings.project > 0 else { fail(usage) }
    if settings.secret.isEmpty {
        guard let secret = getenv("WEBCHAT_WEBSITE_SECRET").map({ String(cString: $0) }), !secret.isEmpty else {
            fail("set WEBCHAT_WEBSITE_SECRET to the website's secret, or give --website-file")
        }
        settings.secret = secret
    }
    return settings
}

/// Escapes text for an HTML attribute value in double quotes.
func attribute(_ text: String) -> String {
    var escaped = ""
    for character in text {
        switch character {
        case "&": escaped += "&amp;"
        case "\"": escaped += "&quot;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        default: escaped.append(character)
        }
    }
    return escaped
}

/// The page for the logged-in user, with a token minted now and scoped to the project, and
/// `POST /token`, where the page gets the next one. A real app checks its own session (a cookie)
/// on both; here the user is whoever the command line named.
struct HostAppHandler: HTTPHandler {
    let settings: Settings

    func handle(_ request: HTTPRequest) -> HTTPReply {
        switch (request.method, request.path) {
        case (.get, "/"): return reply("text/html; charset=utf-8", page())
        case (.post, "/token"):
            let answer: JSONValue = ["token": .string(token()), "expires_in": .int(settings.tokenLifetime)]
            return reply("application/json", answer.jsonText)
        default:
            return .response(HTTPResponse(status: .notFound, headers: [("Content-Type", "text/plain")], body: Array("not found\n".utf8)))
        }
    }

    /// An agent token for the user, seeing only the project's chats (its scope says so).
    func token() -> String {
        let now = Int(currentUnixTime())
        return TokenSigner.sign(claims: [
            "website": .string(settings.websiteID), "sub": .string(settings.user), "role": "agent", "name": .string(settings.user),
            "scope": ["metadata": ["project_id": .int(settings.project)]],
            "iat": .int(now), "exp": .int(now + settings.tokenLifetime),
        ], secret: settings.secret)
    }

    func page() -> String {
        let filters = JSONValue.object(["metadata__project_id": .int(settings.project)]).jsonText
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Project \(settings.project) — support</title><link rel="icon" href="data:,">
            <style>body { font: 16px/1.5 system-ui, sans-serif; margin: 1rem; } webchat-sidebar { display: block; height: 80vh; }</style>
            <script type="module" src="\(attribute(settings.server))/sidebar.js"></script></head>
            <body><h1>Project \(settings.project): conversations</h1>
            <p>Signed in as \(attribute(settings.user)). The sidebar shows this project's chats only: its token's scope says so.</p>
            <webchat-sidebar server="\(attribute(settings.server))" token="\(attribute(token()))" filters="\(attribute(filters))"></webchat-sidebar>
            <script type="module">
              // A new token when 80 % of the old one's life has passed, and at once when the sidebar
              // says its token was refused; the sidebar reconnects with it and misses nothing.
              const sidebar = document.querySelector("webchat-sidebar");
              let timer = null;
              function renewIn(seconds) {
                clearTimeout(timer);
                timer = setTimeout(renew, seconds * 800);
              }
              async function renew() {
                try {
                  const response = await fetch("/token", { method: "POST" });
                  if (!response.ok) throw new Error("HTTP " + response.status);
                  const { token, expires_in } = await response.json();
                  sidebar.token = token;
                  renewIn(expires_in);
                } catch (error) {
                  console.error("Could not renew the chat token, trying again in 10 s:", error.message);
                  renewIn(12.5);
                }
              }
              sidebar.addEventListener("webchat-unauthorized", renew);
              renewIn(\(settings.tokenLifetime));
            </script>
            </body></html>
            """
    }

    func reply(_ type: String, _ body: String) -> HTTPReply {
        .response(HTTPResponse(status: .ok, headers: [("Content-Type", type), ("Cache-Control", "no-store")], body: Array(body.utf8)))
    }

    func errorResponse(for error: HTTPParseError) -> HTTPResponse {
        HTTPResponse(status: error.status, headers: [("Content-Type", "text/plain")], body: Array("\(error.status.reasonPhrase)\n".utf8))
    }
}

let settings = readSettings()
var configuration = HTTPServerConfiguration()
configuration.port = settings.port
configuration.defaultHeaders = [("X-Content-Type-Options", "nosniff")]
let stopSignals = cplatform_stop_signal_pipe()
guard stopSignals >= 0 else { fail("cannot install signal handlers") }
let server: HTTPServer
let address: SocketAddress
do {
    server = try HTTPServer(configuration: configuration, handler: HostAppHandler(settings: settings))
    address = try server.start()
} catch {
    fail("cannot listen on port \(settings.port): \(error)")
}
writeLine("webchat-host-app listening on http://\(address)/", to: 1)
var byte: UInt8 = 0
while read(stopSignals, &byte, 1) < 0 && errno == EINTR {}
await server.stop()
