/// A typing or presence event as nodes sharing a database pass it to each other
/// (`Store.broadcast`): the website, the chat (none for presence), and the event's JSON without
/// its id, which each node numbers in its own stream. On the wire it is three lines; ids never
/// hold a line break and the JSON is encoded without raw control characters.
struct SharedEphemeral: Equatable {
    let websiteID: String
    let chatID: String?
    let tail: [UInt8]

    var payload: String {
        websiteID + "\n" + (chatID ?? "") + "\n" + String(decoding: tail, as: UTF8.self)
    }

    /// Nil for a payload no node of this version sends.
    init?(payload: String) {
        let parts = payload.utf8.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[2].isEmpty else { return nil }
        websiteID = String(decoding: parts[0], as: UTF8.self)
        chatID = parts[1].isEmpty ? nil : String(decoding: parts[1], as: UTF8.self)
        tail = Array(parts[2])
    }

    init(websiteID: String, chatID: String?, tail: [UInt8]) {
        self.websiteID = websiteID
        self.chatID = chatID
        self.tail = tail
    }
}
