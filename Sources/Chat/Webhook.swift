import Clock
import JSON

/// A website's subscription to its events (contract §9): each persisted event of a type in
/// `events` is POSTed to `url`, signed with `secret`, in log order. The secret is shown once, in
/// the answer to its creation.
public struct Webhook: Sendable, Equatable {
    public let id: String
    public let websiteID: String
    public var url: String
    /// Event types, each an `EventType`, in that enum's order without repeats.
    public var events: [String]
    public var description: String
    public var active: Bool
    public let secret: String
    public let createdAt: Timestamp
    public var updatedAt: Timestamp

    /// The API's view: never the secret, but for `withSecret` (the creation's answer).
    public func json(withSecret: Bool = false) -> JSONValue {
        var object: JSONObject = ["id": .string(id), "url": .string(url), "events": .array(events.map(JSONValue.string)),
                                  "description": .string(description), "active": .bool(active),
                                  "created_at": .string(createdAt.rfc3339), "updated_at": .string(updatedAt.rfc3339)]
        if withSecret { object["secret"] = .string(secret) }
        return .object(object)
    }
}

/// The fields of a webhook's `POST` (`url` and `events` required) or `PATCH` (any of them). The
/// URL is checked here only as text; whether the server may call it (scheme, addresses) is the
/// caller's to check with the operator's rules before it is stored.
public struct WebhookChanges: Sendable {
    public var url: String?
    public var events: [String]?
    public var description: String?
    public var active: Bool?

    public static let maxURLBytes = 2048

    public init(body: JSONObject, creating: Bool) throws(ValidationError) {
        try Validate.onlyKnownFields(body, creating ? ["url", "events", "description"] : ["url", "events", "description", "active"])
        if let value = body["url"] {
            guard let text = value.stringValue, (1...Self.maxURLBytes).contains(text.utf8.count) else {
                throw ValidationError(field: "url", message: "url must be an https URL of at most \(Self.maxURLBytes) bytes.")
            }
            url = text
        }
        if let value = body["events"] { events = try Self.events(value) }
        if let value = body["description"] { description = try Validate.text(value, field: "description", length: 0...500) }
        if let value = body["active"] {
            guard let flag = value.boolValue else { throw ValidationError(field: "active", message: "active must be true or false.") }
            active = flag
        }
        guard creating else { return }
        if url == nil { throw ValidationError(field: "url", message: "url is required.") }
        if events == nil { throw ValidationError(field: "events", message: "events is required.") }
    }

    /// A non-empty list of persisted event types (typing and presence are never sent), returned
    /// in `EventType`'s order without repeats.
    static func events(_ value: JSONValue) throws(ValidationError) -> [String] {
        let known = EventType.allCases.map(\.rawValue)
        let failure = ValidationError(field: "events", message: "events must be a non-empty list of \(known.joined(separator: ", ")).")
        guard let items = value.arrayValue, !items.isEmpty, items.count <= 16 else { throw failure }
        var chosen = Set<String>()
        for item in items {
            guard let name = item.stringValue, known.contains(name) else { throw failure }
            chosen.insert(name)
        }
        return known.filter(chosen.contains)
    }
}

/// One attempt to deliver an event to a webhook, as the delivery log keeps it.
public struct WebhookDelivery: Sendable, Equatable {
    /// The event's id, as its `webhook-id` header and body carry it.
    public let eventID: String
    /// 1 for the first try of the event, counting up with each retry.
    public let attempt: Int
    /// The receiver's HTTP status; nil when none came (refused, unreachable, timed out).
    public let status: Int?
    /// Why the attempt failed without a status, in a sentence.
    public let error: String?
    public let at: Timestamp
    /// When the next attempt is due, for a failed one that will be retried.
    public let nextAttemptAt: Timestamp?

    public init(eventID: String, attempt: Int, status: Int?, error: String?, at: Timestamp, nextAttemptAt: Timestamp?) {
        self.eventID = eventID
        self.attempt = attempt
        self.status = status
        self.error = error
        self.at = at
        self.nextAttemptAt = nextAttemptAt
    }

    public var json: JSONValue {
        var object: JSONObject = ["event_id": .string(eventID), "attempt": .int(attempt), "status": status.map { .int($0) } ?? .null,
                                  "at": .string(at.rfc3339)]
        if let error { object["error"] = .string(error) }
        if let nextAttemptAt { object["next_attempt_at"] = .string(nextAttemptAt.rfc3339) }
        return .object(object)
    }
}
