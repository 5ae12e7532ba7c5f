import Auth
import Chat
import OutboundHTTP

/// One webhook as the node delivering it keeps it: where its reader of the event log stands, the
/// events read ahead, and the attempt in flight. Only the dispatcher's thread touches it.
struct WebhookReader {
    var target: WebhookTarget
    let url: OutboundURL
    let key: [UInt8]
    /// The last event delivered; the database may lag it by the writes not yet confirmed.
    var cursor: Int64
    var failures: Int
    var nextAttemptAt: Int64
    /// Events after `cursor` read ahead, oldest first; the first is the one being delivered.
    var pending: [EventLogStorage.EventTail] = []
    /// The log's newest id when the reader last found nothing more after `cursor`.
    var checkedThrough: Int64
    var inFlight = false
    /// Attempts not yet written: gathered while a write of this reader is in flight and written
    /// together after it, so a webhook is not held to one commit per event. The next event waits
    /// while `WebhookDispatcher.maxUnrecorded` are, which bounds what a crash can re-send.
    var unrecorded: [WebhookDelivery] = []
    /// Whether a write of attempts and position is in flight (at most one per reader).
    var recording = false
    var recordsSinceTrim = 0
    /// The receiver's keep-alive connection, idle between deliveries.
    var connection: OutboundConnection?

    /// A `StoredDataError` saying which when the stored URL or secret do not read back (checked
    /// when stored, so never expected).
    init(_ target: WebhookTarget) throws(StoredDataError) {
        let url: OutboundURL
        do throws(OutboundURL.Problem) {
            url = try OutboundURL(target.url)
        } catch {
            throw StoredDataError(column: "webhooks.url", key: target.id, problem: error.description)
        }
        guard let key = WebhookSignature.key(of: target.secret) else {
            throw StoredDataError(column: "webhooks.secret", key: target.id, problem: "is not a whsec_ secret")
        }
        self.target = target
        self.url = url
        self.key = key
        cursor = target.cursor
        failures = target.failures
        nextAttemptAt = target.nextAttemptAt
        checkedThrough = target.cursor
    }
}
