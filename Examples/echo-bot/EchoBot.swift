// What the bot does with the events its webhook receives (contract §9): it follows which chats
// it handles (`chat.created` and `chat.updated` carry `handled_by`), echoes each visitor message
// in them, and hands the chat to people when the visitor asks for one. Every answer carries a
// `client_id` made from the visitor's message id: webhooks are at-least-once, and a redelivered
// event must not be answered twice.
import ExampleSupport
import JSON
import Synchronization

final class EchoBot: Sendable {
    let api: ServerAPI
    let token: String
    private let botChats = Mutex<Set<String>>([])

    init(api: ServerAPI, token: String) {
        self.api = api
        self.token = token
    }

    /// Words that ask for a person, in a few of the widget's languages.
    static let askingForPeople = ["person", "human", "agent", "mensch", "personne", "persona", "pessoa", "medewerker", "人工", "担当者"]

    /// Handles one delivered event (`{"id","type","chat_id","data",...,"website_id"}`).
    func handle(_ event: JSONValue) {
        guard let chatID = event["chat_id"]?.stringValue else { return }
        switch event["type"]?.stringValue {
        case "chat.created", "chat.updated":
            let isBots = event["data"]?["handled_by"]?.stringValue == "bot"
            botChats.withLock { chats in
                if isBots { chats.insert(chatID) } else { chats.remove(chatID) }
            }
        case "message.created":
            let message = event["data"] ?? .null
            guard message["sender"]?["role"]?.stringValue == "visitor", message["type"]?.stringValue == "text",
                  let id = message["id"]?.stringValue, botChats.withLock({ $0.contains(chatID) }) else { return }
            answer(message["text"]?.stringValue ?? "", messageID: id, chatID: chatID)
        default:
            return
        }
    }

    private func answer(_ text: String, messageID: String, chatID: String) {
        let path = "/api/v1/chats/\(chatID)"
        do {
            let lowered = text.lowercased()
            if Self.askingForPeople.contains(where: { lowered.contains($0) }) {
                let reply = try api.call("POST", path + "/messages", token: token, body: [
                    "text": "I'll get a person for you.", "client_id": .string("handoff-" + messageID),
                ])
                let handoff = try api.call("POST", path + "/handoff", token: token, body: ["reason": "The visitor asked for a person."])
                writeLine("\(chatID): handed to people (\(reply.status), \(handoff.status))", to: 1)
            } else {
                let reply = try api.call("POST", path + "/messages", token: token, body: [
                    "text": .string("Echo: " + text), "client_id": .string("echo-" + messageID),
                ])
                writeLine("\(chatID): echoed (\(reply.status))", to: 1)
            }
        } catch {
            writeLine("\(chatID): could not answer: \(error)", to: 2)
        }
    }
}
