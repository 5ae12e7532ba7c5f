// webchat-echo-bot: a bot in miniature (contract §9). At start it turns the website's `bot`
// setting on and creates a webhook pointing at itself; every event it receives is checked
// against the webhook's secret (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
// `webhook-signature`) before it is believed; it answers visitors with a `bot` token through the
// REST API, echoing what they write, and hands a chat to people when the visitor asks for a
// person. On Ctrl-C it deletes its webhook and turns the bot off again, so new chats go to people.
// How to run it: README.md beside this file.
import Auth
import CPlatform
import EventLoop
import ExampleSupport
import Glibc
import HTTP
import JSON
import Synchronization
import Threads

let usage = """
    Usage: webchat-echo-bot --server URL (--website-file FILE | --website ID) [--port 8091] [--name Echo]

    Answers the website's visitors as its bot: echoes what they write, and hands the chat to a
    person when they ask for one.
      --server URL          the WebChatKit server, e.g. http://127.0.0.1:8080 (started with
                            --webhook-allow-http --webhook-allow-private, since this bot listens on
                            plain http on this machine)
      --website-file FILE   a JSON file with "website_id" and "secret", such as the one demo mode
                            writes: webchat-data/demo-website.json
      --website ID          the website (tenant) id, ws_...; its secret comes from the environment,
                            WEBCHAT_WEBSITE_SECRET, never from a flag
      --port PORT           where the bot listens for its webhook (default 8091; 0 picks a free one)
      --name NAME           how the bot signs its messages (default Echo)
    """

struct Settings {
    var server = ""
    var websiteID = ""
    var secret = ""
    var port = 8091
    var name = "Echo"
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
        case "--website-file": (settings.websiteID, settings.secret) = readCredentials(value(argument))
        case "--port":
            guard let port = Int(value(argument)), (0...65535).contains(port) else { fail("--port must be 0-65535") }
            settings.port = port
        case "--name": settings.name = value(argument)
        default: fail("unknown argument \(argument)\n\(usage)")
        }
    }
    guard !settings.server.isEmpty, !settings.websiteID.isEmpty else { fail(usage) }
    if settings.secret.isEmpty {
        guard let secret = getenv("WEBCHAT_WEBSITE_SECRET").map({ String(cString: $0) }), !secret.isEmpty else {
            fail("set WEBCHAT_WEBSITE_SECRET to the website's secret, or give --website-file")
        }
        settings.secret = secret
    }
    return settings
}

/// A token of the website, signed with its secret; an hour is plenty for one run of the bot's
/// setup, and the bot signs a new answer token for each event.
func token(_ settings: Settings, role: String, sub: String) -> String {
    let now = Int(currentUnixTime())
    return TokenSigner.sign(claims: [
        "website": .string(settings.websiteID), "sub": .string(sub), "role": .string(role), "name": .string(settings.name),
        "iat": .int(now), "exp": .int(now + 3600),
    ], secret: settings.secret)
}

/// `POST /webhook`: believed only with a valid signature of this webhook's secret and a
/// timestamp within five minutes (a replayed old delivery is refused); answered at once, the
/// event then handled in order on the bot's worker, so the server's delivery never waits for
/// the bot's own calls.
/// The webhook's key, known once the webhook is created (after the receiver listens).
final class WebhookKey: Sendable {
    private let key = Mutex<[UInt8]?>(nil)

    var value: [UInt8]? {
        get { key.withLock { $0 } }
        set { key.withLock { $0 = newValue } }
    }
}

struct WebhookReceiver: HTTPHandler {
    let key: WebhookKey
    let worker: SerialWorker
    let handle: @Sendable (JSONValue) -> Void

    func handle(_ request: HTTPRequest) -> HTTPReply {
        guard request.method == .post, request.path == "/webhook" else { return answer(.notFound) }
        guard let key = key.value else { return answer(.serviceUnavailable) }  // still starting: retried
        guard let id = request.headers["webhook-id"], let timestamp = request.headers["webhook-timestamp"].flatMap({ Int64($0) }),
              abs(Int64(currentUnixTime()) - timestamp) <= 300, let signatures = request.headers["webhook-signature"] else {
            return answer(.badRequest)
        }
        let expected = Array(WebhookSignature.sign(key: key, id: id, timestamp: timestamp, body: request.body).utf8)
        guard signatures.split(separator: " ").contains(where: { constantTimeEquals(Array($0.utf8), expected) }) else {
            writeLine("refused a delivery with a wrong signature", to: 2)
            return answer(.unauthorized)
        }
        do {
            let event = try JSONValue(parsing: request.body)
            worker.submit { handle(event) }
        } catch {
            writeLine("a signed delivery is not JSON: \(error)", to: 2)
            return answer(.badRequest)
        }
        return answer(.noContent)
    }

    func answer(_ status: HTTPStatus) -> HTTPReply {
        .response(HTTPResponse(status: status))
    }

    func errorResponse(for error: HTTPParseError) -> HTTPResponse {
        HTTPResponse(status: error.status)
    }
}

let settings = readSettings()
let api = ServerAPI(settings.server)
let admin = token(settings, role: "admin", sub: "echo-bot-setup")
let bot = EchoBot(api: api, token: token(settings, role: "bot", sub: "echo-bot"))
let worker: SerialWorker
do {
    worker = try SerialWorker(name: "echo-bot")
} catch {
    fail("cannot start a thread: \(error)")
}
let receiver = WebhookReceiver(key: WebhookKey(), worker: worker, handle: { bot.handle($0) })

var configuration = HTTPServerConfiguration()
configuration.port = settings.port
let stopSignals = cplatform_stop_signal_pipe()
guard stopSignals >= 0 else { fail("cannot install signal handlers") }
let server: HTTPServer
let address: SocketAddress
do {
    server = try HTTPServer(configuration: configuration, handler: receiver)
    address = try server.start()
} catch {
    fail("cannot listen on port \(settings.port): \(error)")
}

// The website's bot on, and a webhook to this bot (one left by an earlier run replaced).
let url = "http://127.0.0.1:\(address.port)/webhook"
let webhookID: String
do {
    let botSetting = try api.call("PATCH", "/api/v1/website", token: admin, body: ["bot": ["enabled": true, "name": .string(settings.name)]])
    guard botSetting.status == 200 else { fail("turning the bot on was answered \(botSetting.status): \(botSetting.json.jsonText)") }
    for old in try api.call("GET", "/api/v1/webhooks", token: admin).json["webhooks"]?.arrayValue ?? []
    where old["url"]?.stringValue == url {
        _ = try api.call("DELETE", "/api/v1/webhooks/\(old["id"]?.stringValue ?? "")", token: admin)
    }
    let created = try api.call("POST", "/api/v1/webhooks", token: admin, body: [
        "url": .string(url), "events": ["chat.created", "chat.updated", "message.created"], "description": "webchat-echo-bot",
    ])
    guard created.status == 201, let id = created.json["id"]?.stringValue,
          let key = created.json["secret"]?.stringValue.flatMap(WebhookSignature.key(of:)) else {
        fail("creating the webhook was answered \(created.status): \(created.json.jsonText)")
    }
    webhookID = id
    receiver.key.value = key
} catch {
    fail("cannot reach \(settings.server): \(error)")
}
writeLine("webchat-echo-bot listening on \(url), answering as \(settings.name)", to: 1)

var byte: UInt8 = 0
while read(stopSignals, &byte, 1) < 0 && errno == EINTR {}
// New chats go to people again once the bot is gone.
do {
    _ = try api.call("DELETE", "/api/v1/webhooks/\(webhookID)", token: admin)
    _ = try api.call("PATCH", "/api/v1/website", token: admin, body: ["bot": ["enabled": false, "name": .string(settings.name)]])
} catch {
    writeLine("could not remove the webhook and turn the bot off: \(error)", to: 2)
}
await server.stop()
worker.stop()
