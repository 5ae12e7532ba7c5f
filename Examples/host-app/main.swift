// webchat-host-app: a host application's backend in miniature. Its own user is logged in (here
// simply named on the command line); for that user it signs a short-lived `agent` token with a
// `scope` of one project, with the website secret that only the backend knows, and renders a
// page with the <webchat-sidebar> for that project. The browser never sees the secret.
import Auth
import CPlatform
import EventLoop
import Glibc
import HTTP
import JSON

let usage = """
    Usage: webchat-host-app --server URL --website ID --project N [--user NAME] [--port 8090]

    Serves a page with the WebChatKit agent sidebar for one project, as a host app would.
      --server URL    the WebChatKit server, e.g. http://127.0.0.1:8080
      --website ID    the website (tenant) id, ws_...
      --project N     the project whose chats the sidebar shows (metadata.project_id)
      --user NAME     the host app's logged-in user (default alice)
      --port PORT     where this app listens (default 8090; 0 picks a free one)
    The website secret comes from the environment, WEBCHAT_WEBSITE_SECRET, never from a flag.
    """

func writeLine(_ text: String, to fd: Int32) {
    var line = text + "\n"
    line.withUTF8 { _ = write(fd, $0.baseAddress, $0.count) }
}

func fail(_ message: String) -> Never {
    writeLine("webchat-host-app: \(message)", to: 2)
    exit(2)
}

struct Settings {
    var server = ""
    var websiteID = ""
    var project = 0
    var user = "alice"
    var port = 8090
    var secret = ""
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
        case "--project":
            guard let project = Int(value(argument)) else { fail("--project must be a number") }
            settings.project = project
        case "--user": settings.user = value(argument)
        case "--port":
            guard let port = Int(value(argument)), (0...65535).contains(port) else { fail("--port must be 0-65535") }
            settings.port = port
        default: fail("unknown argument \(argument)\n\(usage)")
        }
    }
    guard !settings.server.isEmpty, !settings.websiteID.isEmpty, settings.project > 0 else { fail(usage) }
    guard let secret = getenv("WEBCHAT_WEBSITE_SECRET").map({ String(cString: $0) }), !secret.isEmpty else {
        fail("set WEBCHAT_WEBSITE_SECRET to the website's secret")
    }
    settings.secret = secret
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

/// The page for the logged-in user: a token minted now, scoped to the project.
struct HostAppHandler: HTTPHandler {
    let settings: Settings

    func handle(_ request: HTTPRequest) -> HTTPReply {
        guard request.path == "/" else {
            return .response(HTTPResponse(status: .notFound, headers: [("Content-Type", "text/plain")], body: Array("not found\n".utf8)))
        }
        let now = Int(currentUnixTime())
        let token = TokenSigner.sign(claims: [
            "website": .string(settings.websiteID), "sub": .string(settings.user), "role": "agent", "name": .string(settings.user),
            "scope": ["metadata": ["project_id": .int(settings.project)]],
            "iat": .int(now), "exp": .int(now + 3600),
        ], secret: settings.secret)
        let filters = JSONValue.object(["metadata__project_id": .int(settings.project)]).jsonText
        let page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Project \(settings.project) — support</title>
            <style>body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem; } webchat-sidebar { display: block; height: 80vh; }</style>
            <script type="module" src="\(attribute(settings.server))/sidebar.js"></script></head>
            <body><h1>Project \(settings.project): conversations</h1>
            <p>Signed in as \(attribute(settings.user)). The sidebar shows this project's chats only: its token's scope says so.</p>
            <webchat-sidebar server="\(attribute(settings.server))" token="\(attribute(token))" filters="\(attribute(filters))"></webchat-sidebar>
            </body></html>
            """
        return .response(HTTPResponse(status: .ok, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
                                      body: Array(page.utf8)))
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
