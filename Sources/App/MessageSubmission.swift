import Chat
import JSON

/// A message to send and where it goes: to the chat `chat_id`, or to a new chat made from
/// `title` and `metadata` in the same transaction. The body of `POST /api/v1/messages` and the
/// WebSocket `send` command read the same way, except `type`: in the body it is the message's
/// (`text` or `note`), in the command the command's name (the command also carries `ref`), so
/// `send` sends text.
struct MessageSubmission {
    let draft: NewMessage
    let chatID: String?
    let newChat: NewChat?

    init(body: JSONObject, isCommand: Bool = false) throws(ValidationError) {
        let extra: Set<String> = isCommand ? ["type", "ref"] : ["type"]
        draft = try NewMessage(body: body, allowing: Set(["chat_id", "title", "metadata"]).union(extra), readsType: !isCommand)
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
            guard draft.attachmentIDs.isEmpty else {
                throw ValidationError(field: "attachment_ids", message: "Attachments are uploaded to a chat that exists; send them with its chat_id.")
            }
            chatID = nil
            newChat = try NewChat(body: body, allowing: Set(["text", "client_id", "chat_id", "attachment_ids"]).union(extra))
        }
    }
}
