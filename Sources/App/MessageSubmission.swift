import Chat
import JSON

/// A message to send and where it goes: to the chat `chat_id`, or to a new chat made from
/// `title` and `metadata` in the same transaction. The body of `POST /api/v1/messages` and the
/// WebSocket `send` command (which also carries `type` and `ref`) read the same way.
struct MessageSubmission {
    let draft: NewMessage
    let chatID: String?
    let newChat: NewChat?

    init(body: JSONObject, allowing extra: Set<String> = []) throws(ValidationError) {
        draft = try NewMessage(body: body, allowing: Set(["chat_id", "title", "metadata"]).union(extra))
        if let value = body["chat_id"], !value.isNull {
            guard body["title"] == nil, body["metadata"] == nil else {
                throw ValidationError(field: "chat_id", message: "title and metadata are for a new chat; leave them out with chat_id.")
            }
            guard let id = value.stringValue else {
                throw ValidationError(field: "chat_id", message: "chat_id must be a string.")
            }
            chatID = id
            newChat = nil
        } else {
            chatID = nil
            newChat = try NewChat(body: body, allowing: Set(["text", "client_id", "chat_id"]).union(extra))
        }
    }
}
