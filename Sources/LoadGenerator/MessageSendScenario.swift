import JSON

/// Each connection creates a chat of its own (`POST /api/v1/chats`), then posts messages to it
/// (`POST /api/v1/chats/{id}/messages`) as fast as the server acknowledges them; 201 means
/// committed. Every connection should use its own principal: the server limits writes per
/// principal (start it with `--write-rate 0` for this scenario).
public struct MessageSendScenario: Scenario {
    public var name: String { "send" }
    public var successStatus: Int { 201 }
    private let token: @Sendable (Int) -> String
    private let runTag: String

    /// `token(index)` is connection `index`'s bearer token. `runTag` goes into every `client_id`,
    /// so that a later run by the same principals is not answered as repeats (200).
    public init(runTag: String, token: @escaping @Sendable (Int) -> String) {
        self.runTag = runTag
        self.token = token
    }

    public func prepare(connection index: Int, over client: ClientConnection) throws -> () -> [UInt8] {
        let template = RequestTemplate(method: "POST", authority: client.address.authority,
                                       headers: [("Authorization", "Bearer \(token(index))"), ("Content-Type", "application/json")])
        let chat: JSONValue = ["title": .string("bench send \(index)"), "metadata": ["bench": "send"]]
        let created = try client.exchange(template.request(target: "/api/v1/chats", body: chat.encoded()))
        guard created.status == 201 else {
            throw ScenarioError("Creating the chat of connection \(index) answered \(created.status): \(created.text)")
        }
        guard let id = (try? JSONValue(parsing: created.body))?["id"]?.stringValue, Self.isPathSafe(id) else {
            throw ScenarioError("Creating the chat of connection \(index) answered no usable chat id: \(created.text)")
        }
        let path = "/api/v1/chats/\(id)/messages"
        // `","client_id":"<tag>-<index>-`, escaped once here; the counter and `"}` follow per message.
        let clientIDPrefix = Array("\",\"client_id\":".utf8) + JSONValue.string("\(runTag)-\(index)-").encoded().dropLast()
        var sent = 0
        return {
            sent += 1
            var body: [UInt8] = []
            body.reserveCapacity(96)
            body.append(contentsOf: "{\"text\":\"bench message ".utf8)
            body.appendDecimal(sent)
            body.append(contentsOf: clientIDPrefix)
            body.appendDecimal(sent)
            body.append(contentsOf: "\"}".utf8)
            return template.request(target: path, body: body)
        }
    }

    /// Chat ids go into the path as they are, so only characters that need no escaping pass.
    private static func isPathSafe(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
