import OutboundHTTP
import Threads

/// Whether a webhook's URL may be stored (contract §9): an https URL (http only where the operator
/// allows it) whose host resolves, at this moment, only to addresses the operator allows. The
/// delivery checks the addresses again at every connection; this check answers the admin at once.
struct WebhookURLCheck: Sendable {
    let rules: DestinationRules

    func check(_ text: String) async throws(APIError) {
        let url: OutboundURL
        do throws(OutboundURL.Problem) {
            url = try OutboundURL(text)
        } catch {
            throw Self.refused(error.description)
        }
        do throws(OutboundError) {
            try rules.check(url)
        } catch {
            throw Self.refused(error.description + " Ask the operator for --webhook-allow-http to use http.")
        }
        // getaddrinfo blocks: on a thread of its own, never on Swift's pool.
        let rules = self.rules
        let outcome: Result<Void, OutboundError>
        do {
            outcome = try await PlatformThread.run(name: "webchat-resolve") {
                Result { () throws(OutboundError) in try rules.check(try IPAddress.resolve(url.host, port: url.port)) }
            }
        } catch {
            throw APIError.internalError
        }
        if case .failure(let error) = outcome { throw Self.refused(error.description) }
    }

    private static func refused(_ why: String) -> APIError {
        APIError(.badRequest, "bad_field", "url is refused: \(why)")
    }
}
