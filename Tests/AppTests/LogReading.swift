import JSON
import Testing
import TestSupport

/// Reading back what a server holds, for the tests that compare it with what clients were
/// acknowledged (a crash, a cluster).
extension TestApp.Caller {
    /// Every event visible to this caller after `cursor` (the start of the log when nil), read
    /// by polling until the log has nothing more.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func log(after cursor: String? = nil) throws -> [JSONValue] {
        var cursor = try cursor ?? logStart()
        var events: [JSONValue] = []
        while true {
            let page = try poll(cursor: cursor, query: "limit=1000")
            events += page.events
            cursor = page.cursor
            if page.events.isEmpty && !page.hasMore { return events }
        }
    }

    /// The cursor before the log's first event: the current cursor's epoch with position 0.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func logStart() throws -> String {
        let current = try poll(cursor: nil).cursor
        return String(current.split(separator: ".")[0]) + ".0"
    }

    /// Every stored message, id → seq, read chat by chat (up to 100 chats of up to 200
    /// messages), expecting each chat's seqs to run 1, 2, 3… without a gap and its
    /// `message_count` and `last_message` to agree with them.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func storedMessages() throws -> [String: Int] {
        var stored: [String: Int] = [:]
        for chat in try expect(200, "GET", "/api/v1/chats?limit=100")["chats"]?.arrayValue ?? [] {
            let chatID = chat["id"]?.stringValue ?? ""
            let messages = try expect(200, "GET", "/api/v1/chats/\(chatID)/messages?after_seq=0&limit=200")["messages"]?.arrayValue ?? []
            let seqs = messages.compactMap { $0["seq"]?.intValue }
            #expect(seqs == Array(1..<(seqs.count + 1)), "seq has a gap in \(chatID)")
            #expect(chat["message_count"]?.intValue == seqs.count)
            #expect(chat["last_message"]?["seq"]?.intValue == seqs.last)
            for message in messages { stored[message["id"]?.stringValue ?? ""] = message["seq"]?.intValue }
        }
        return stored
    }
}

extension JSONValue {
    /// The position in the persisted log of an event (the number after the epoch in its id).
    var logPosition: Int64? {
        guard let id = self["id"]?.stringValue else { return nil }
        let parts = id.split(separator: ".")
        return parts.count >= 2 ? Int64(parts[1]) : nil
    }

    /// The message a `message.created` event carries, nil for other events.
    var createdMessageID: String? {
        self["type"]?.stringValue == "message.created" ? self["data"]?["id"]?.stringValue : nil
    }
}
