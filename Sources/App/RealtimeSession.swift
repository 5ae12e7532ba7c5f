import Auth
import Chat
import EventLoop
import Filters
import JSON
import Realtime
import WebSocket

/// One realtime connection speaking contract §5: it waits for the hello, checks the token and
/// the page's origin, subscribes to the hub (which sends the welcome, the missed events and then
/// live ones), and answers the client's commands. It lives on the connection's loop.
final class RealtimeSession: WebSocketDelegate {
    /// How long a client has for its hello.
    static let helloTimeoutMilliseconds: UInt64 = 10_000

    private enum Phase {
        case awaitingHello(deadline: UInt64)
        case live(Viewer, token: VerifiedToken)
        case ended
    }

    private let app: AppContext
    /// The handshake's `Origin`, checked against the website when a visitor says hello.
    private let origin: String?
    /// The client's address, whose hellos are limited together.
    private let remoteAddress: String
    private var phase: Phase = .ended
    /// The verified hello's token and secret, checked at every tick.
    private var credential: SessionCredential?
    /// What this connection may still send (`RealtimeRateLimits.commandsPerConnection`); made at
    /// the first message.
    private var commands: TokenBucket?

    init(app: AppContext, origin: String?, remoteAddress: String) {
        self.app = app
        self.origin = origin
        self.remoteAddress = remoteAddress
    }

    func webSocketDidOpen(_ connection: WebSocketConnection, on loop: LoopContext) {
        phase = .awaitingHello(deadline: loop.now + Self.helloTimeoutMilliseconds)
    }

    func webSocketTick(_ connection: WebSocketConnection, on loop: LoopContext) {
        switch phase {
        case .awaitingHello(let deadline) where loop.now >= deadline:
            refuse(connection, APIError(.unauthorized, "unauthorized", "No hello within 10 seconds."), loop)
        case .live:
            if let refusal = credential?.refusal(now: currentUnixTime(), in: app) { refuse(connection, refusal, loop) }
        default:
            break
        }
    }

    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, on loop: LoopContext) {
        if case .live = phase { app.hub.unsubscribe(connection.address) }
        phase = .ended
    }

    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage, on loop: LoopContext) {
        guard admitCommand(loop) else {
            refuse(connection, APIError.rateLimited(retryAfter: 1), loop, code: RealtimeCloseCode.rateLimited)
            return
        }
        guard message.opcode == .text,
              let command = (try? JSONValue(parsing: message.payload))?.objectValue,
              let type = command["type"]?.stringValue else {
            reply(connection, APIError.badJSON("Each message must be a JSON object with a \"type\"."), ref: nil, loop)
            return
        }
        let ref = command["ref"]?.stringValue
        switch phase {
        case .awaitingHello:
            guard type == "hello" else {
                refuse(connection, APIError(.unauthorized, "unauthorized", "The first message must be a hello."), loop)
                return
            }
            hello(command, connection, loop)
        case .live(let viewer, _):
            do throws(APIError) {
                try perform(type, command, as: viewer, connection, loop)
            } catch {
                reply(connection, error, ref: type == "send" ? command["client_id"]?.stringValue ?? ref : ref, loop)
            }
        case .ended:
            break
        }
    }

    // MARK: Hello

    private func hello(_ command: JSONObject, _ connection: WebSocketConnection, _ loop: LoopContext) {
        let viewer: Viewer
        let token: VerifiedToken
        do throws(APIError) {
            guard let text = command["token"]?.stringValue else { throw APIError.unauthorized }
            let verified = try app.authenticateSession(token: text, context: "/api/v1/realtime")
            token = verified.token
            viewer = try app.viewer(of: token)
            credential = verified
        } catch {
            refuse(connection, APIError(.unauthorized, "unauthorized", "The hello needs a valid token."), loop)
            return
        }
        if viewer.principal.role == .visitor, let origins = app.directory.record(for: viewer.websiteID)?.website.allowedOrigins,
           !origins.isEmpty, !origins.contains(origin ?? "") {
            refuse(connection, APIError(.forbidden, "forbidden_origin", "This page's origin may not connect to this website."), loop,
                   code: RealtimeCloseCode.forbiddenOrigin)
            return
        }
        do throws(APIError) {
            // Each hello may start a replay on the store's readers: limited per principal and
            // per address, so that reconnecting in a loop costs the caller, not other tenants.
            try app.realtimeLimiters.admitHello(viewer, from: remoteAddress)
        } catch {
            refuse(connection, error, loop, code: RealtimeCloseCode.rateLimited)
            return
        }
        let filters: ChatFilter
        let cursor: String?
        do throws(APIError) {
            try Self.onlyKnownFields(command, ["type", "token", "cursor", "filters", "ref"])
            filters = try Self.filters(command["filters"])
            cursor = try Self.optionalString(command["cursor"], field: "cursor")
        } catch {
            // The connection stays: the client may say hello again, correctly, before the deadline.
            reply(connection, error, ref: command["ref"]?.stringValue, loop)
            return
        }
        phase = .live(viewer, token: token)
        let address = connection.address
        let principal = viewer.principal
        let subscriber = Subscriber(address: address, audience: Audience(viewer: viewer, filters: filters), principal: principal)
        app.hub.subscribe(subscriber, after: cursor, welcome: { cursor in
            RealtimeFrames.welcome(cursor: cursor, principal: principal)
        }, refused: { problem in
            address.execute { connection, context in
                guard let session = connection.delegate as? RealtimeSession else { return }
                session.refused(problem, connection, context)
            }
        })
    }

    /// The hub refused the hello's cursor; nothing was subscribed, so the connection waits for
    /// another hello (without the old cursor).
    private func refused(_ problem: CursorFormat.Problem, _ connection: WebSocketConnection, _ loop: LoopContext) {
        phase = .awaitingHello(deadline: loop.now + Self.helloTimeoutMilliseconds)
        reply(connection, problem == .expired ? APIError.cursorExpired : APIError.badCursor, ref: nil, loop)
    }

    // MARK: Commands

    private func perform(_ type: String, _ command: JSONObject, as viewer: Viewer, _ connection: WebSocketConnection,
                         _ loop: LoopContext) throws(APIError) {
        switch type {
        case "ping":
            connection.send(frame: RealtimeFrames.pong, on: loop)
        case "filters":
            try Self.onlyKnownFields(command, ["type", "filters", "ref"])
            app.hub.change(connection.address, to: Audience(viewer: viewer, filters: try Self.filters(command["filters"])))
        case "send":
            try send(command, as: viewer, connection)
        case "typing":
            try Self.onlyKnownFields(command, ["type", "chat_id", "state", "ref"])
            let chatID = try Self.requiredString(command["chat_id"], field: "chat_id")
            let state = command["state"]?.stringValue
            guard state == "start" || state == "stop" else {
                throw APIError.invalid(ValidationError(field: "state", message: "state must be start or stop."))
            }
            try app.realtimeLimiters.admitTyping(viewer)
            let address = connection.address
            let ref = command["ref"]?.stringValue
            app.hub.typing(by: viewer, in: chatID, started: state == "start") { outcome in
                let error: APIError
                switch outcome {
                case .published: return
                case .notFound: error = APIError(ChatError.notFound)
                case .failed(let failure): error = APIError(answering: failure)
                }
                address.execute { connection, context in
                    connection.send(frame: RealtimeFrames.error(error, ref: ref), on: context)
                }
            }
        case "availability":
            try Self.onlyKnownFields(command, ["type", "state", "ref"])
            let state = try AvailabilityRoutes.state(command["state"])
            try app.limitWrites(viewer)
            let app = self.app
            Self.answerFailures(of: command, on: connection) { try await AvailabilityRoutes.choose(state, by: viewer, app) }
        case "read":
            try Self.onlyKnownFields(command, ["type", "chat_id", "seq", "ref"])
            let chatID = try Self.requiredString(command["chat_id"], field: "chat_id")
            guard let seq = command["seq"]?.intValue, command["seq"]?.doubleValue == Double(seq) else {
                throw APIError.invalid(ValidationError(field: "seq", message: "seq is required and must be an integer."))
            }
            try app.limitWrites(viewer)
            let messages = app.messages
            Self.answerFailures(of: command, on: connection) { _ = try await messages.markRead(chatID, seq: seq, by: viewer) }
        case "hello":
            throw APIError.invalid(ValidationError(field: "type", message: "This connection already said hello."))
        default:
            throw APIError.invalid(ValidationError(field: "type", message: "Unknown command \(type)."))
        }
    }

    /// `send` → `ack` once the message is committed (and before or after its `message.created`
    /// reaches this connection: they travel separately).
    private func send(_ command: JSONObject, as viewer: Viewer, _ connection: WebSocketConnection) throws(APIError) {
        let submission: MessageSubmission
        do throws(ValidationError) {
            submission = try MessageSubmission(body: command, isCommand: true)
        } catch {
            throw APIError.invalid(error)
        }
        // The contract makes client_id part of every send: it is how a client that lost its
        // connection resends without doubling the message.
        guard let clientID = submission.draft.clientID else {
            throw APIError.invalid(ValidationError(field: "client_id", message: "client_id is required: it makes a resend safe."))
        }
        try app.limitWrites(viewer)
        let address = connection.address
        app.messages.submitSend(submission.draft, to: submission.chatID, creating: submission.newChat, by: viewer) { result in
            let frame = switch result {
            case .success(let sent): RealtimeFrames.ack(clientID: clientID, message: sent.encodedMessage, chat: sent.chat.encoded(unreadCount: nil))
            case .failure(let error): RealtimeFrames.error(APIError(answering: error), ref: clientID)
            }
            address.execute { connection, context in connection.send(frame: frame, on: context) }
        }
    }

    // MARK: Helpers

    /// Takes one of the connection's command tokens; false when it has none left.
    /// Runs `work` off the loop for a command whose success needs no answer (its event is the
    /// confirmation): only a failure is sent back, as `error` with the command's `ref`.
    private static func answerFailures(of command: JSONObject, on connection: WebSocketConnection,
                                       _ work: @escaping @Sendable () async throws -> Void) {
        let address = connection.address
        let ref = command["ref"]?.stringValue
        Task {
            do {
                try await work()
            } catch {
                let frame = RealtimeFrames.error(APIError(answering: error), ref: ref)
                address.execute { connection, context in connection.send(frame: frame, on: context) }
            }
        }
    }

    private func admitCommand(_ loop: LoopContext) -> Bool {
        let limit = app.realtimeLimiters.limits.commandsPerConnection
        guard limit.rate > 0 else { return true }
        let now = Double(loop.now) / 1000
        var bucket = commands ?? TokenBucket(burst: limit.burst, at: now)
        defer { commands = bucket }
        return bucket.take(rate: limit.rate, burst: limit.burst, now: now) == nil
    }

    private func reply(_ connection: WebSocketConnection, _ error: APIError, ref: String?, _ loop: LoopContext) {
        connection.send(frame: RealtimeFrames.error(error, ref: ref), on: loop)
    }

    /// Answers with the error and closes the connection (4401 unless told otherwise).
    private func refuse(_ connection: WebSocketConnection, _ error: APIError, _ loop: LoopContext,
                        code: UInt16 = RealtimeCloseCode.unauthorized) {
        if case .live = phase { app.hub.unsubscribe(connection.address) }
        phase = .ended
        reply(connection, error, ref: nil, loop)
        connection.close(code: code, reason: error.code, on: loop)
    }

    private static func onlyKnownFields(_ command: JSONObject, _ known: Set<String>) throws(APIError) {
        do {
            try Validate.onlyKnownFields(command, known)
        } catch {
            throw APIError.invalid(error)
        }
    }

    private static func filters(_ value: JSONValue?) throws(APIError) -> ChatFilter {
        guard let value, !value.isNull else { return .all }
        guard let object = value.objectValue else {
            throw APIError.invalid(ValidationError(field: "filters", message: "filters must be an object."))
        }
        do {
            return try ChatFilter(json: object)
        } catch {
            throw APIError.badFilter(error)
        }
    }

    private static func optionalString(_ value: JSONValue?, field: String) throws(APIError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw APIError.invalid(ValidationError(field: field, message: "\(field) must be a string."))
        }
        return text
    }

    private static func requiredString(_ value: JSONValue?, field: String) throws(APIError) -> String {
        guard let text = try optionalString(value, field: field) else {
            throw APIError.invalid(ValidationError(field: field, message: "\(field) is required."))
        }
        return text
    }
}
