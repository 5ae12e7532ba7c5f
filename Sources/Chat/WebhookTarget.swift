/// A webhook as its delivery reads it: where to send, what, with which secret, and where its
/// reader stands in the event log.
public struct WebhookTarget: Sendable, Equatable {
    public let id: String
    public let websiteID: String
    public let url: String
    public let events: [String]
    public let secret: String
    /// The last event delivered (or passed over); the next is the first after it.
    public let cursor: Int64
    /// Failed attempts of the event after `cursor`.
    public let failures: Int
    /// Unix milliseconds before which that event is not tried again (0: now).
    public let nextAttemptAt: Int64

    public init(id: String, websiteID: String, url: String, events: [String], secret: String, cursor: Int64, failures: Int,
                nextAttemptAt: Int64) {
        self.id = id
        self.websiteID = websiteID
        self.url = url
        self.events = events
        self.secret = secret
        self.cursor = cursor
        self.failures = failures
        self.nextAttemptAt = nextAttemptAt
    }
}
