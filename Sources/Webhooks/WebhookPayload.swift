import Auth
import JSON

/// What one delivery sends (contract §9): the event exactly as realtime delivers it, with the
/// website's id added, and the Standard Webhooks headers. The body is spliced from the event's
/// stored JSON, never decoded and encoded again.
struct WebhookPayload: Sendable {
    /// The event's id: its realtime cursor, also the `webhook-id`.
    let eventID: String
    let body: [UInt8]

    /// `tail` is the stored event without its id (`EventLog`): `"type":...,"data":{...}}`.
    init(eventID: String, tail: String, websiteID: String) {
        self.eventID = eventID
        var body: [UInt8] = []
        body.reserveCapacity(tail.utf8.count + eventID.utf8.count + websiteID.utf8.count + 32)
        body.append(contentsOf: #"{"id":"#.utf8)
        JSONEncoding.appendString(eventID, to: &body)
        body.append(UInt8(ascii: ","))
        body.append(contentsOf: tail.utf8.dropLast())
        body.append(contentsOf: #","website_id":"#.utf8)
        JSONEncoding.appendString(websiteID, to: &body)
        body.append(UInt8(ascii: "}"))
        self.body = body
    }

    /// The headers of one attempt, signed at `timestamp` (Unix seconds): each retry is signed anew.
    func headers(key: [UInt8], timestamp: Int64) -> [(String, String)] {
        [("webhook-id", eventID), ("webhook-timestamp", String(timestamp)),
         ("webhook-signature", WebhookSignature.sign(key: key, id: eventID, timestamp: timestamp, body: body))]
    }
}
