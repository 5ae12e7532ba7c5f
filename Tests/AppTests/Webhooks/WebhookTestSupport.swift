import App
import Auth
import JSON
import Testing
import TestSupport
import Webhooks

extension ServeConfiguration {
    /// Webhooks as the delivery tests run them: receivers on this machine over http, retries
    /// after tenths of a second instead of minutes, a short time limit for a receiver that
    /// never answers, and the log looked at often.
    mutating func useTestWebhooks(retries: [Int64] = [100, 200, 300], timeoutMilliseconds: Int64 = 1_500) {
        webhooks.rules = .init(allowsHTTP: true, allowsPrivateAddresses: true)
        webhooks.retryDelaysMilliseconds = retries
        webhooks.attemptTimeoutMilliseconds = timeoutMilliseconds
        webhooks.pollMilliseconds = 20
    }
}

extension TestApp.Caller {
    /// Creates a webhook of every event type for `url`; returns its id and secret.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func createWebhook(_ url: String, events: String = #"["chat.created","chat.updated","message.created","read","chat.rated"]"#) throws
        -> (id: String, secret: String) {
        let created = try expect(201, "POST", "/api/v1/webhooks", json: #"{"url":"\#(url)","events":\#(events)}"#)
        return (created["id"]?.stringValue ?? "", created["secret"]?.stringValue ?? "")
    }

    /// Every event of the website after `cursor` as the admin polls them, in order.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func allEvents(after cursor: String) throws -> [JSONValue] {
        var events: [JSONValue] = []
        var position = cursor
        while true {
            let page = try poll(cursor: position)
            events += page.events
            position = page.cursor
            if !page.hasMore { return events }
        }
    }
}

extension WebhookReceiver.Delivery {
    /// Whether the Standard Webhooks signature holds for `secret`, computed here from the
    /// specification's rule with libcrypto's HMAC, apart from the server's signing code.
    func isSigned(with secret: String) -> Bool {
        guard let key = StandardBase64.decode(secret.dropFirst("whsec_".count)), let timestamp = headers["webhook-timestamp"],
              let signature = headers["webhook-signature"] else { return false }
        let signed = Array("\(id).\(timestamp).".utf8) + body
        return signature == "v1," + StandardBase64.encode(HMAC.authenticationCode(.hs256, key: key, message: signed))
    }
}
